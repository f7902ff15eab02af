// `cpptls serve`'s path resolver (tools/cpptls/serve/path_resolver.hpp): no target, however
// encoded, reaches a file outside the served directory.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "serve/path_resolver.hpp"

namespace cpptls::tool::serve {
namespace {

namespace fs = std::filesystem;

// base/ holds secret.txt and www/ (the served root) with index.html, sub/a.txt and links.
class PathResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("serve-resolver-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
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
    auto opened = PathResolver::open(base_ / "www");
    ASSERT_TRUE(opened);
    resolver_.emplace(std::move(*opened));
  }
  void TearDown() override { fs::remove_all(base_); }

  static void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

  [[nodiscard]] int status_of(const std::string& target) const {
    auto resolved = resolver_->resolve(target);
    return resolved ? 200 : resolved.error().status;
  }

  fs::path base_;
  std::optional<PathResolver> resolver_;
};

TEST_F(PathResolverTest, ResolvesFilesAndDirectoriesInside) {
  auto file = resolver_->resolve("/sub/a.txt");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->path, fs::canonical(base_ / "www" / "sub" / "a.txt"));
  EXPECT_FALSE(file->directory);
  auto root = resolver_->resolve("/");
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->directory);
  EXPECT_TRUE(root->trailing_slash);
  auto sub = resolver_->resolve("/sub");
  ASSERT_TRUE(sub);
  EXPECT_TRUE(sub->directory);
  EXPECT_FALSE(sub->trailing_slash);
}

TEST_F(PathResolverTest, DecodesPercentEscapesAndDropsQuery) {
  auto spaced = resolver_->resolve("/a%20b.txt?x=1#frag");
  ASSERT_TRUE(spaced);
  EXPECT_EQ(spaced->path.filename(), "a b.txt");
  EXPECT_EQ(status_of("/sub%2fa.txt"), 200);  // an encoded slash is a slash, nothing more
}

TEST_F(PathResolverTest, RefusesDotDotSegments) {
  EXPECT_EQ(status_of("/../secret.txt"), 400);
  EXPECT_EQ(status_of("/sub/../../secret.txt"), 400);
  EXPECT_EQ(status_of("/sub/.."), 400);
  EXPECT_EQ(status_of("/.."), 400);
}

TEST_F(PathResolverTest, RefusesEncodedDotDot) {
  EXPECT_EQ(status_of("/%2e%2e/secret.txt"), 400);
  EXPECT_EQ(status_of("/%2E%2E/secret.txt"), 400);
  EXPECT_EQ(status_of("/.%2e/secret.txt"), 400);
  EXPECT_EQ(status_of("/..%2fsecret.txt"), 400);
  EXPECT_EQ(status_of("/sub%2f..%2f..%2fsecret.txt"), 400);
  EXPECT_EQ(status_of("/%252e%252e/secret.txt"), 404);  // decoded once: a name "%2e%2e"
}

TEST_F(PathResolverTest, RefusesBadEscapesAndNul) {
  EXPECT_EQ(status_of("/a%00.txt"), 400);
  EXPECT_EQ(status_of("/index.html%00.png"), 400);
  EXPECT_EQ(status_of("/%"), 400);
  EXPECT_EQ(status_of("/%4"), 400);
  EXPECT_EQ(status_of("/%zz"), 400);
}

TEST_F(PathResolverTest, AbsoluteFileSystemPathsStayInsideTheRoot) {
  // "//etc/passwd" is root/etc/passwd, which does not exist: never /etc/passwd.
  EXPECT_EQ(status_of("//etc/passwd"), 404);
  EXPECT_EQ(status_of("/" + (base_ / "secret.txt").string()), 404);
  EXPECT_EQ(status_of("etc/passwd"), 400);  // not origin-form
  EXPECT_EQ(status_of("*"), 400);
}

TEST_F(PathResolverTest, AbsoluteFormTargetsUseOnlyThePath) {
  EXPECT_EQ(status_of("https://localhost/sub/a.txt"), 200);
  EXPECT_EQ(status_of("https://localhost"), 200);  // the root
  EXPECT_EQ(status_of("https://localhost/../secret.txt"), 400);
}

TEST_F(PathResolverTest, RefusesSymlinksLeadingOutside) {
  EXPECT_EQ(status_of("/escape"), 404);
  EXPECT_EQ(status_of("/up/secret.txt"), 404);
  // Judged by where the path ends: back inside the root through the outside is the file inside.
  auto back_inside = resolver_->resolve("/up/www/index.html");
  ASSERT_TRUE(back_inside);
  EXPECT_EQ(back_inside->path, fs::canonical(base_ / "www" / "index.html"));
  EXPECT_EQ(status_of("/inside"), 200);  // a link within the root is fine
}

TEST_F(PathResolverTest, SiblingWithCommonPrefixIsOutside) {
  auto resolved = resolver_->resolve("/sub/a.txt");
  ASSERT_TRUE(resolved);
  EXPECT_FALSE(resolver_->contains(fs::canonical(base_ / "www2" / "sibling.txt")));
  EXPECT_FALSE(resolver_->contains(fs::canonical(base_)));
  EXPECT_TRUE(resolver_->contains(resolved->path));
}

TEST_F(PathResolverTest, LongPathsAreNotFound) {
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

TEST_F(PathResolverTest, MissingFilesAreNotFound) {
  EXPECT_EQ(status_of("/nope.txt"), 404);
  EXPECT_EQ(status_of("/sub/a.txt/more"), 404);
}

TEST(PercentDecode, DecodesAndRefuses) {
  EXPECT_EQ(percent_decode("a%41%2fb%2F"), "aA/b/");
  EXPECT_EQ(percent_decode("plain"), "plain");
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("ab%1"));
  EXPECT_FALSE(percent_decode("%g0"));
}

}  // namespace
}  // namespace cpptls::tool::serve
