// cpptls-limbo: runs cpptls's certificate verifier over an x509-limbo test suite.
//
//   cpptls-limbo [--public-suffix-list FILE] < limbo.json > results.json
//
// Reads the suite (C2SP/x509-limbo schema version 1) on standard input and writes the
// harness results on standard output:
//   {"version":1,"harness":"cpptls","results":[{"id":..,"actual_result":..,"context":..}]}
// Each case maps to one x509::verify_certificate call: trusted_certs make the TrustStore,
// untrusted_intermediates the peer's extra certificates, validation_time the time (now when
// absent), expected_peer_name the host (DNS or IP; none, or an email name, means no host
// check), validation_kind and extended_key_usage the purpose, max_chain_depth the limit on
// intermediate CAs, and strict_anchor_profile holds trust anchors to the web PKI's profile.
// Cases that need what cpptls does not implement are SKIPPED with the reason (CRLs, and the
// two optional profiles cpptls does not follow). The public suffix list, when
// found, refuses wildcards over public suffixes as a TLS client given one would.

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/openssl/openssl_provider.hpp"
#include "x509/der/time.hpp"
#include "x509/pem.hpp"
#include "x509/public_suffix.hpp"
#include "x509/trust_store.hpp"
#include "x509/verify.hpp"

namespace {

using cpptls::x509::ParsedCertificate;
using json = nlohmann::json;

constexpr const char* kDefaultSuffixList = "/usr/share/publicsuffix/public_suffix_list.dat";

struct Outcome {
  std::string result;  // SUCCESS, FAILURE or SKIPPED
  std::string context;
};

int digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// RFC 3339 date-time to Unix seconds, fractions dropped (floor: x509-limbo's
// notbefore-fractional and notafter-fractional cases expect it).
std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  cpptls::x509::der::CivilTime civil;
  civil.year = digits(text, 0, 4);
  civil.month = digits(text, 5, 2);
  civil.day = digits(text, 8, 2);
  civil.hour = digits(text, 11, 2);
  civil.minute = digits(text, 14, 2);
  civil.second = digits(text, 17, 2);
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':' ||
      civil.year < 0 || civil.month < 1 || civil.month > 12 || civil.day < 1 ||
      civil.day > cpptls::x509::der::days_in_month(civil.year, civil.month) || civil.hour < 0 ||
      civil.hour > 23 || civil.minute < 0 || civil.minute > 59 || civil.second < 0 ||
      civil.second > 60) {
    return std::nullopt;
  }
  if (civil.second == 60) civil.second = 59;
  std::size_t pos = 19;
  if (text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
      ++pos;
  }
  std::int64_t offset = 0;
  const std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const int hours = digits(zone, 1, 2);
    const int minutes = digits(zone, 4, 2);
    if (hours < 0 || minutes < 0) return std::nullopt;
    offset = (zone[0] == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
  } else {
    return std::nullopt;
  }
  return cpptls::x509::der::to_unix_seconds(civil) - offset;
}

std::optional<ParsedCertificate> parse_one(const std::string& pem, std::string& why) {
  auto parsed = cpptls::x509::parse_pem_certificates(pem);
  if (!parsed) {
    why = parsed.error().reason();
    return std::nullopt;
  }
  if (parsed->size() != 1) {
    why = "expected one certificate, found " + std::to_string(parsed->size());
    return std::nullopt;
  }
  return std::move(parsed->front());
}

bool has_feature(const json& testcase, std::string_view feature) {
  if (!testcase.contains("features") || !testcase["features"].is_array()) return false;
  for (const json& f : testcase["features"]) {
    if (f.is_string() && f.get<std::string>() == feature) return true;
  }
  return false;
}

Outcome run_case(const json& testcase, const cpptls::x509::PublicSuffixList* suffixes) {
  using cpptls::x509::Purpose;
  const auto& provider = cpptls::crypto::openssl::provider();
  if (has_feature(testcase, "has-crl") ||
      (testcase.contains("crls") && testcase["crls"].is_array() && !testcase["crls"].empty())) {
    return {"SKIPPED", "CRLs not implemented (cpptls does not check revocation)"};
  }
  // Profiles x509-limbo marks as optional that cpptls does not follow.
  if (has_feature(testcase, "rfc5280-incompatible-with-webpki")) {
    return {"SKIPPED",
            "cpptls follows the web PKI profile where it departs from RFC 5280 (CA/B BR "
            "7.1.2.5.2 allows non-critical nameConstraints)"};
  }
  if (has_feature(testcase, "pedantic-rfc5280")) {
    return {"SKIPPED",
            "pedantic RFC 5280 profile checks of trust anchors are not implemented: a trust "
            "anchor is trusted as configured (cve::cve-2024-0567 needs such an anchor)"};
  }
  cpptls::x509::VerifyOptions options;
  const std::string kind = testcase.value("validation_kind", "SERVER");
  options.purpose = kind == "CLIENT" ? Purpose::client_auth : Purpose::server_auth;
  if (testcase.contains("extended_key_usage") && testcase["extended_key_usage"].is_array()) {
    for (const json& usage : testcase["extended_key_usage"]) {
      const std::string name = usage.get<std::string>();
      if (name == "serverAuth") {
        options.purpose = Purpose::server_auth;
      } else if (name == "clientAuth") {
        options.purpose = Purpose::client_auth;
      } else {
        return {"SKIPPED", "extended key usage " + name +
                               " is not a TLS purpose; cpptls verifies for serverAuth or "
                               "clientAuth only"};
      }
    }
  }
  if (testcase.contains("validation_time") && testcase["validation_time"].is_string()) {
    const auto time = parse_rfc3339(testcase["validation_time"].get<std::string>());
    if (!time) return {"SKIPPED", "cannot read validation_time"};
    options.time = *time;
  } else {
    options.time = provider.now();
  }
  std::string name_note;
  if (testcase.contains("expected_peer_name") && testcase["expected_peer_name"].is_object()) {
    const json& peer = testcase["expected_peer_name"];
    const std::string peer_kind = peer.value("kind", "");
    if (peer_kind == "DNS" || peer_kind == "IP") {
      options.host = peer.value("value", "");
    } else {
      name_note = " (peer name of kind " + peer_kind + " not checked)";
    }
  } else if (testcase.contains("expected_peer_names") &&
             testcase["expected_peer_names"].is_array() &&
             !testcase["expected_peer_names"].empty()) {
    name_note = " (email peer names not checked)";
  }
  if (testcase.contains("max_chain_depth") && testcase["max_chain_depth"].is_number_unsigned()) {
    options.max_intermediate_cas = testcase["max_chain_depth"].get<std::size_t>();
  }
  options.public_suffixes = suffixes;
  // x509-limbo tests the web PKI's rules for trust anchors too (CA/B BR 7.1.2.1 root
  // extensions, basicConstraints critical, key identifiers); TLS connections and `cpptls
  // verify` trust an anchor as configured.
  options.strict_anchor_profile = true;

  std::string why;
  auto leaf = parse_one(testcase.value("peer_certificate", ""), why);
  if (!leaf) return {"FAILURE", "peer certificate: " + why};
  cpptls::x509::TrustStore trust;
  std::size_t unusable = 0;
  for (const json& pem : testcase["trusted_certs"]) {
    if (auto anchor = parse_one(pem.get<std::string>(), why)) {
      trust.add(std::move(*anchor));
    } else {
      ++unusable;
    }
  }
  std::vector<ParsedCertificate> intermediates;
  for (const json& pem : testcase["untrusted_intermediates"]) {
    if (auto certificate = parse_one(pem.get<std::string>(), why)) {
      intermediates.push_back(std::move(*certificate));
    } else {
      ++unusable;
    }
  }
  const std::string dropped =
      unusable == 0 ? "" : " (" + std::to_string(unusable) + " malformed certificates ignored)";
  auto verified = cpptls::x509::verify_certificate(provider, trust, *leaf, intermediates, options);
  if (!verified) return {"FAILURE", verified.error().reason() + dropped};
  std::string path;
  for (const ParsedCertificate& certificate : verified->path()) {
    if (!path.empty()) path += " <- ";
    path += certificate->describe();
  }
  return {"SUCCESS", "path: " + path + name_note + dropped};
}

int usage() {
  std::cerr << "usage: cpptls-limbo [--public-suffix-list FILE|--no-public-suffix-list] "
               "< limbo.json > results.json\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<std::string> suffix_file;
  if (std::filesystem::exists(kDefaultSuffixList)) suffix_file = kDefaultSuffixList;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--public-suffix-list" && i + 1 < argc) {
      suffix_file = argv[++i];
    } else if (arg == "--no-public-suffix-list") {
      suffix_file.reset();
    } else {
      return usage();
    }
  }
  std::optional<cpptls::x509::PublicSuffixList> suffixes;
  if (suffix_file) {
    auto loaded = cpptls::x509::PublicSuffixList::load_file(*suffix_file);
    if (!loaded) {
      std::cerr << "error: " << loaded.error().reason() << "\n";
      return 1;
    }
    suffixes = std::move(*loaded);
  }

  std::ostringstream buffer;
  buffer << std::cin.rdbuf();
  const std::string input = std::move(buffer).str();
  const json suite = json::parse(input, nullptr, false);
  if (suite.is_discarded() || !suite.contains("testcases") || !suite["testcases"].is_array()) {
    std::cerr << "error: standard input is not an x509-limbo suite (JSON with \"testcases\")\n";
    return 1;
  }
  json results = json::array();
  for (const json& testcase : suite["testcases"]) {
    const Outcome outcome = run_case(testcase, suffixes ? &*suffixes : nullptr);
    results.push_back({{"id", testcase.value("id", "")},
                       {"actual_result", outcome.result},
                       {"context", outcome.context}});
  }
  const json out = {{"version", 1}, {"harness", "cpptls"}, {"results", std::move(results)}};
  std::cout << out.dump(1) << "\n";
  return std::cout ? 0 : 1;
}
