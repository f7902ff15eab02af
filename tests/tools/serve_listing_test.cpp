// `cpptls serve`'s directory listing (tools/cpptls/serve/listing.hpp): made from the open
// directory's descriptor, it names regular files and directories only, never a symbolic link
// (a request through one would be 404), and escapes every name.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "serve/listing.hpp"
#include "serve/open_file.hpp"

namespace cpptls::tool::serve {
namespace {

namespace fs = std::filesystem;

class ListingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("serve-listing-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "dir" / "sub");
    std::ofstream(base_ / "dir" / "a.txt") << "a";
    std::ofstream(base_ / "dir" / "<b>.txt") << "b";
    std::ofstream(base_ / "outside.txt") << "x";
    fs::create_symlink(base_ / "outside.txt", base_ / "dir" / "link-out");
    fs::create_symlink("a.txt", base_ / "dir" / "link-in");
    ASSERT_EQ(::mkfifo((base_ / "dir" / "pipe").c_str(), 0600), 0);
    directory_ = OpenFile(::open((base_ / "dir").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(directory_.is_open());
  }
  void TearDown() override { fs::remove_all(base_); }

  fs::path base_;
  OpenFile directory_;
};

TEST_F(ListingTest, ListsFilesAndDirectoriesButNoLinks) {
  const std::string page = directory_listing(directory_.fd(), "/dir/");
  EXPECT_NE(page.find("href=\"./sub/\""), std::string::npos) << page;
  EXPECT_NE(page.find("href=\"./a.txt\""), std::string::npos) << page;
  EXPECT_NE(page.find("href=\"./%3Cb%3E.txt\">&lt;b&gt;.txt<"), std::string::npos) << page;
  EXPECT_EQ(page.find("link-out"), std::string::npos) << page;
  EXPECT_EQ(page.find("link-in"), std::string::npos) << page;
  EXPECT_EQ(page.find("pipe"), std::string::npos) << page;
}

TEST_F(ListingTest, TheSameTwiceFromOneDescriptor) {
  // The listing reads a duplicate and rewinds it: a second listing is complete too.
  const std::string first = directory_listing(directory_.fd(), "/dir/");
  EXPECT_EQ(directory_listing(directory_.fd(), "/dir/"), first);
}

}  // namespace
}  // namespace cpptls::tool::serve
