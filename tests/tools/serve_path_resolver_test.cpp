// `cpptls serve`'s path resolver (tools/cpptls/serve/path_resolver.hpp): no target, however
// encoded, reaches a file outside the served directory, and no symbolic link is followed.
// Every case runs twice: with openat2 where the kernel has it, and with the component walk
// that older kernels get (serve/open_beneath.hpp).

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "serve/path_resolver.hpp"

namespace cpptls::tool::serve {
namespace {

namespace fs = std::filesystem;

// base/ holds secret.txt and www/ (the served root) with index.html, sub/a.txt and links.
class PathResolverTest : public ::testing::TestWithParam<BeneathMethod> {
 protected:
  void SetUp() override {
    std::string test_name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(test_name.begin(), test_name.end(), '/', '-');
    base_ = fs::temp_directory_path() /
            ("serve-resolver-" + std::to_string(::getpid()) + "-" + test_name);
    fs::remove_all(base_);
    fs::create_directories(base_ / "www" / "sub");
    write(base_ / "secret.txt", "secret");
    write(base_ / "www" / "index.html", "<p>hi</p>");
    write(base_ / "www" / "sub" / "a.txt", "a");
    write(base_ / "www" / "a b.txt", "space");
    fs::create_symlink(base_ / "secret.txt", base_ / "www" / "escape");
    fs::create_symlink(base_, base_ / "www" / "up");
    fs::create_symlink("sub/a.txt", base_ / "www" / "inside");
    fs::create_directories(base_ / "www2");
    write(base_ / "www2" / "sibling.txt", "sibling");
    auto opened = PathResolver::open(base_ / "www", GetParam());
    ASSERT_TRUE(opened);
    resolver_.emplace(std::move(*opened));
  }
  void TearDown() override { fs::remove_all(base_); }

  static void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

  [[nodiscard]] static ino_t inode_of(const ResolvedPath& resolved) {
    struct stat info {};
    EXPECT_EQ(::fstat(resolved.file.fd(), &info), 0);
    return info.st_ino;
  }
  [[nodiscard]] static ino_t inode_of(const fs::path& path) {
    struct stat info {};
    EXPECT_EQ(::lstat(path.c_str(), &info), 0);
    return info.st_ino;
  }

  [[nodiscard]] int status_of(const std::string& target) const {
    auto resolved = resolver_->resolve(target);
    return resolved ? 200 : resolved.error().status;
  }

  fs::path base_;
  std::optional<PathResolver> resolver_;
};

TEST_P(PathResolverTest, ResolvesFilesAndDirectoriesInside) {
  auto file = resolver_->resolve("/sub/a.txt");
  ASSERT_TRUE(file);
  EXPECT_EQ(inode_of(*file), inode_of(base_ / "www" / "sub" / "a.txt"));
  EXPECT_FALSE(file->directory);
  EXPECT_EQ(file->name, "a.txt");
  EXPECT_EQ(file->size, 1U);
  auto root = resolver_->resolve("/");
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->directory);
  EXPECT_TRUE(root->trailing_slash);
  auto sub = resolver_->resolve("/sub");
  ASSERT_TRUE(sub);
  EXPECT_TRUE(sub->directory);
  EXPECT_FALSE(sub->trailing_slash);
}

TEST_P(PathResolverTest, DecodesPercentEscapesAndDropsQuery) {
  auto spaced = resolver_->resolve("/a%20b.txt?x=1#frag");
  ASSERT_TRUE(spaced);
  EXPECT_EQ(spaced->name, "a b.txt");
  EXPECT_EQ(status_of("/sub%2fa.txt"), 200);  // an encoded slash is a slash, nothing more
}

TEST_P(PathResolverTest, RefusesDotDotSegments) {
  EXPECT_EQ(status_of("/../secret.txt"), 400);
  EXPECT_EQ(status_of("/sub/../../secret.txt"), 400);
  EXPECT_EQ(status_of("/sub/.."), 400);
  EXPECT_EQ(status_of("/.."), 400);
}

TEST_P(PathResolverTest, RefusesEncodedDotDot) {
  EXPECT_EQ(status_of("/%2e%2e/secret.txt"), 400);
  EXPECT_EQ(status_of("/%2E%2E/secret.txt"), 400);
  EXPECT_EQ(status_of("/.%2e/secret.txt"), 400);
  EXPECT_EQ(status_of("/..%2fsecret.txt"), 400);
  EXPECT_EQ(status_of("/sub%2f..%2f..%2fsecret.txt"), 400);
  EXPECT_EQ(status_of("/%252e%252e/secret.txt"), 404);  // decoded once: a name "%2e%2e"
}

TEST_P(PathResolverTest, RefusesBadEscapesAndNul) {
  EXPECT_EQ(status_of("/a%00.txt"), 400);
  EXPECT_EQ(status_of("/index.html%00.png"), 400);
  EXPECT_EQ(status_of("/%"), 400);
  EXPECT_EQ(status_of("/%4"), 400);
  EXPECT_EQ(status_of("/%zz"), 400);
}

TEST_P(PathResolverTest, AbsoluteFileSystemPathsStayInsideTheRoot) {
  // "//etc/passwd" is root/etc/passwd, which does not exist: never /etc/passwd.
  EXPECT_EQ(status_of("//etc/passwd"), 404);
  EXPECT_EQ(status_of("/" + (base_ / "secret.txt").string()), 404);
  EXPECT_EQ(status_of("etc/passwd"), 400);  // not origin-form
  EXPECT_EQ(status_of("*"), 400);
}

TEST_P(PathResolverTest, AbsoluteFormTargetsUseOnlyThePath) {
  EXPECT_EQ(status_of("https://localhost/sub/a.txt"), 200);
  EXPECT_EQ(status_of("https://localhost"), 200);  // the root
  EXPECT_EQ(status_of("https://localhost/../secret.txt"), 400);
}

TEST_P(PathResolverTest, NeverFollowsSymlinks) {
  EXPECT_EQ(status_of("/escape"), 404);
  EXPECT_EQ(status_of("/up/secret.txt"), 404);
  EXPECT_EQ(status_of("/up/www/index.html"), 404);  // even back inside through the outside
  EXPECT_EQ(status_of("/inside"), 404);             // even to a file inside the root
  EXPECT_EQ(status_of("/up"), 404);
  EXPECT_EQ(status_of("/up/"), 404);
}

TEST_P(PathResolverTest, DirectorySwappedForALinkIsNotFollowed) {
  // What the rename race does at one instant (tests/tools/serve-rename-race.py): sub/ is now
  // a link to a directory outside that holds a file of the same name.
  fs::create_directories(base_ / "outside");
  write(base_ / "outside" / "a.txt", "outside");
  fs::rename(base_ / "www" / "sub", base_ / "www" / "sub-moved");
  fs::create_directory_symlink(base_ / "outside", base_ / "www" / "sub");
  EXPECT_EQ(status_of("/sub/a.txt"), 404);
  EXPECT_EQ(status_of("/sub/"), 404);
  EXPECT_EQ(status_of("/sub-moved/a.txt"), 200);
}

TEST_P(PathResolverTest, ServesTheFileOpenedNotTheName) {
  // Once resolved, the reply reads the descriptor: a rename afterwards changes nothing.
  auto file = resolver_->resolve("/sub/a.txt");
  ASSERT_TRUE(file);
  fs::rename(base_ / "www" / "sub" / "a.txt", base_ / "www" / "sub" / "moved.txt");
  fs::create_symlink(base_ / "secret.txt", base_ / "www" / "sub" / "a.txt");
  char byte = 0;
  ASSERT_EQ(::pread(file->file.fd(), &byte, 1, 0), 1);
  EXPECT_EQ(byte, 'a');
}

TEST_P(PathResolverTest, ChildrenOfAnOpenDirectory) {
  auto root = resolver_->resolve("/");
  ASSERT_TRUE(root);
  auto index = resolver_->resolve_child(*root, "index.html");
  ASSERT_TRUE(index);
  EXPECT_FALSE(index->directory);
  EXPECT_EQ(index->name, "index.html");
  auto link = resolver_->resolve_child(*root, "escape");
  ASSERT_FALSE(link);
  EXPECT_EQ(link.error().status, 404);
}

TEST_P(PathResolverTest, OnlyRegularFilesAndDirectories) {
  ASSERT_EQ(::mkfifo((base_ / "www" / "pipe").c_str(), 0600), 0);
  EXPECT_EQ(status_of("/pipe"), 404);  // and the open did not block
}

TEST_P(PathResolverTest, LongPathsAreNotFound) {
  EXPECT_EQ(status_of("/" + std::string(300, 'a')), 404);
  std::string deep;
  for (int i = 0; i < 1000; ++i)
    deep += "/abcdefgh";
  EXPECT_EQ(status_of(deep), 404);
  std::string many_dots;
  for (int i = 0; i < 2000; ++i)
    many_dots += "/.";
  EXPECT_EQ(status_of(many_dots + "/index.html"), 200);
}

TEST_P(PathResolverTest, MissingFilesAreNotFound) {
  EXPECT_EQ(status_of("/nope.txt"), 404);
  EXPECT_EQ(status_of("/sub/a.txt/more"), 404);
}

INSTANTIATE_TEST_SUITE_P(BothMethods, PathResolverTest,
                         ::testing::Values(BeneathMethod::automatic, BeneathMethod::walk),
                         [](const ::testing::TestParamInfo<BeneathMethod>& param_info) {
                           return param_info.param == BeneathMethod::walk ? "Walk" : "Automatic";
                         });

TEST(PercentDecode, DecodesAndRefuses) {
  EXPECT_EQ(percent_decode("a%41%2fb%2F"), "aA/b/");
  EXPECT_EQ(percent_decode("plain"), "plain");
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("ab%1"));
  EXPECT_FALSE(percent_decode("%g0"));
}

}  // namespace
}  // namespace cpptls::tool::serve
