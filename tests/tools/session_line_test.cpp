// The session line the client, server and get commands print: peer-chosen values (the ALPN
// protocol, the peer's subject) cannot forge a log line or send terminal escapes.

#include <string>

#include <gtest/gtest.h>

#include "tls_options.hpp"

namespace cpptls::tool {
namespace {

TEST(SessionLine, EscapesControlCharactersInThePeersAlpnName) {
  SessionInfo session;
  session.version = "TLSv1.2";
  session.alpn = "h2\nhandshake: forged \x1b[31m\\";
  const std::string line = session_line(session);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_NE(line.find(" alpn=h2\\x0ahandshake:\\20forged\\20\\x1b[31m\\x5c "), std::string::npos)
      << line;
}

TEST(SessionLine, EscapesControlCharactersInThePeersSubjectAndKeepsItsRfc4514Escapes) {
  SessionInfo session;
  session.version = "TLSv1.3";
  session.peer_subject = "CN=a\\,b\r\nO=\xc3\xa9";
  const std::string line = session_line(session);
  EXPECT_NE(line.find(" peer=CN=a\\,b\\x0d\\x0aO=\\xc3\\xa9 "), std::string::npos) << line;
}

}  // namespace
}  // namespace cpptls::tool
