// The transcript hash: messages kept until the suite's hash is chosen, then hashed; digests
// read from a copy so the hash carries on.

#include "handshake/common/transcript.hpp"

#include <gtest/gtest.h>

#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake {
namespace {

using crypto::HashAlgorithm;
using testing::real_provider;

Bytes one_shot(HashAlgorithm hash, ByteView data) {
  Bytes out(crypto::digest_size(hash));
  EXPECT_TRUE(crypto::hash_once(real_provider(), hash, data, out));
  return out;
}

Bytes digest_of(const TranscriptHash& transcript) {
  auto digest = transcript.digest();
  EXPECT_TRUE(digest) << digest.error().to_string();
  if (!digest) return {};
  return Bytes(digest->view().begin(), digest->view().end());
}

TEST(Transcript, HashesWhatItKeptBeforeTheHashWasChosen) {
  const Bytes first = {1, 0, 0, 2, 0xaa, 0xbb};
  const Bytes second = {2, 0, 0, 1, 0xcc};
  Bytes both = first;
  both.insert(both.end(), second.begin(), second.end());
  for (const HashAlgorithm hash : {HashAlgorithm::sha256, HashAlgorithm::sha384}) {
    TranscriptHash transcript;
    transcript.add(first);
    transcript.add(second);
    EXPECT_EQ(transcript.buffered().size(), both.size());
    ASSERT_TRUE(transcript.start(real_provider(), hash));
    EXPECT_TRUE(transcript.buffered().empty());
    EXPECT_EQ(digest_of(transcript), one_shot(hash, both));
  }
}

TEST(Transcript, ReadingADigestDoesNotDisturbTheRunningHash) {
  TranscriptHash transcript;
  transcript.add(Bytes{1, 2, 3});
  ASSERT_TRUE(transcript.start(real_provider(), HashAlgorithm::sha256));
  const Bytes early = digest_of(transcript);
  EXPECT_EQ(digest_of(transcript), early);
  transcript.add(Bytes{4, 5});
  EXPECT_EQ(digest_of(transcript), one_shot(HashAlgorithm::sha256, Bytes{1, 2, 3, 4, 5}));
  EXPECT_NE(digest_of(transcript), early);
}

TEST(Transcript, RefusesADigestBeforeTheHashIsChosenAndASecondChoice) {
  TranscriptHash transcript;
  transcript.add(Bytes{1});
  auto digest = transcript.digest();
  ASSERT_FALSE(digest);
  EXPECT_EQ(digest.error().kind(), ErrorKind::internal);
  ASSERT_TRUE(transcript.start(real_provider(), HashAlgorithm::sha256));
  EXPECT_FALSE(transcript.start(real_provider(), HashAlgorithm::sha384));
}

TEST(Transcript, MovesWithItsState) {
  TranscriptHash transcript;
  transcript.add(Bytes{9, 9});
  ASSERT_TRUE(transcript.start(real_provider(), HashAlgorithm::sha384));
  TranscriptHash moved = std::move(transcript);
  EXPECT_EQ(digest_of(moved), one_shot(HashAlgorithm::sha384, Bytes{9, 9}));
}

}  // namespace
}  // namespace cpptls::handshake
