// The crypto provider as the public API shows it.

#include "cpptls/provider.hpp"

#include <gtest/gtest.h>

namespace cpptls {
namespace {

TEST(ApiProvider, DescriptionNamesTheLibraryAndItsVersion) {
  const std::string description = provider_description(openssl_provider());
  EXPECT_TRUE(description.starts_with("OpenSSL libcrypto (OpenSSL 3")) << description;
  EXPECT_TRUE(description.ends_with(")")) << description;
}

}  // namespace
}  // namespace cpptls
