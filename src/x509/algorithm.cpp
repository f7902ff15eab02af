#include "x509/algorithm.hpp"

#include <array>

#include "x509/der/failure.hpp"
#include "x509/der/tag.hpp"
#include "x509/oids.hpp"

namespace cpptls::x509 {
namespace {

using crypto::HashAlgorithm;
using crypto::SignatureKind;
using der::Oid;
using der::Tlv;
namespace tag = der::tag;

enum class Params : std::uint8_t { null_or_absent, absent, pss, any };

struct SignatureEntry {
  Oid oid;
  SignatureAlgorithmId id;
  Params params;
  std::string_view label;
};

constexpr std::array<SignatureEntry, 16> kSignatures = {{
    {Oid(oid::kSha256WithRsa), SignatureAlgorithmId::rsa_pkcs1_sha256, Params::null_or_absent,
     "sha256WithRSAEncryption"},
    {Oid(oid::kEcdsaWithSha256), SignatureAlgorithmId::ecdsa_sha256, Params::absent,
     "ecdsa-with-SHA256"},
    {Oid(oid::kEcdsaWithSha384), SignatureAlgorithmId::ecdsa_sha384, Params::absent,
     "ecdsa-with-SHA384"},
    {Oid(oid::kSha384WithRsa), SignatureAlgorithmId::rsa_pkcs1_sha384, Params::null_or_absent,
     "sha384WithRSAEncryption"},
    {Oid(oid::kSha512WithRsa), SignatureAlgorithmId::rsa_pkcs1_sha512, Params::null_or_absent,
     "sha512WithRSAEncryption"},
    {Oid(oid::kRsaPss), SignatureAlgorithmId::rsa_pss, Params::pss, "RSASSA-PSS"},
    {Oid(oid::kEcdsaWithSha512), SignatureAlgorithmId::ecdsa_sha512, Params::absent,
     "ecdsa-with-SHA512"},
    {Oid(oid::kEd25519), SignatureAlgorithmId::ed25519, Params::absent, "Ed25519"},
    {Oid(oid::kSha1WithRsa), SignatureAlgorithmId::rsa_pkcs1_sha1, Params::null_or_absent,
     "sha1WithRSAEncryption"},
    {Oid(oid::kMd5WithRsa), SignatureAlgorithmId::rsa_pkcs1_md5, Params::null_or_absent,
     "md5WithRSAEncryption"},
    {Oid(oid::kMd2WithRsa), SignatureAlgorithmId::rsa_pkcs1_md2, Params::null_or_absent,
     "md2WithRSAEncryption"},
    {Oid(oid::kSha224WithRsa), SignatureAlgorithmId::rsa_pkcs1_sha224, Params::null_or_absent,
     "sha224WithRSAEncryption"},
    {Oid(oid::kEcdsaWithSha1), SignatureAlgorithmId::ecdsa_sha1, Params::any, "ecdsa-with-SHA1"},
    {Oid(oid::kEcdsaWithSha224), SignatureAlgorithmId::ecdsa_sha224, Params::any,
     "ecdsa-with-SHA224"},
    {Oid(oid::kDsaWithSha1), SignatureAlgorithmId::dsa_sha1, Params::any, "dsa-with-sha1"},
    {Oid(oid::kEd448), SignatureAlgorithmId::ed448, Params::any, "Ed448"},
}};

std::optional<crypto::SignatureAlgorithm> verifiable(SignatureAlgorithmId id) {
  switch (id) {
    case SignatureAlgorithmId::rsa_pkcs1_sha256:
      return crypto::SignatureAlgorithm{SignatureKind::rsa_pkcs1, HashAlgorithm::sha256};
    case SignatureAlgorithmId::rsa_pkcs1_sha384:
      return crypto::SignatureAlgorithm{SignatureKind::rsa_pkcs1, HashAlgorithm::sha384};
    case SignatureAlgorithmId::rsa_pkcs1_sha512:
      return crypto::SignatureAlgorithm{SignatureKind::rsa_pkcs1, HashAlgorithm::sha512};
    case SignatureAlgorithmId::ecdsa_sha256:
      return crypto::SignatureAlgorithm{SignatureKind::ecdsa, HashAlgorithm::sha256};
    case SignatureAlgorithmId::ecdsa_sha384:
      return crypto::SignatureAlgorithm{SignatureKind::ecdsa, HashAlgorithm::sha384};
    case SignatureAlgorithmId::ecdsa_sha512:
      return crypto::SignatureAlgorithm{SignatureKind::ecdsa, HashAlgorithm::sha512};
    case SignatureAlgorithmId::ed25519:
      return crypto::SignatureAlgorithm{SignatureKind::ed25519, HashAlgorithm::sha512};
    default:
      return std::nullopt;
  }
}

const char* hash_label(HashAlgorithm hash) {
  switch (hash) {
    case HashAlgorithm::sha256:
      return "SHA-256";
    case HashAlgorithm::sha384:
      return "SHA-384";
    case HashAlgorithm::sha512:
      return "SHA-512";
  }
  return "?";
}

// Identifies a hash AlgorithmIdentifier inside PSS parameters (parameters NULL or absent,
// RFC 4055 2.1). Nothing for SHA-1 and other hashes; *sha1 tells SHA-1 apart.
struct HashId {
  std::optional<HashAlgorithm> hash;
  bool sha1 = false;
};

Expected<HashId> read_hash_identifier(der::Reader& reader, std::string_view what) {
  auto identifier = reader.enter(tag::kSequence, what);
  if (!identifier) return Unexpected<Error>(std::move(identifier.error()));
  auto oid_element = identifier->read(tag::kOid, what);
  if (!oid_element) return Unexpected<Error>(std::move(oid_element.error()));
  auto hash_oid = der::decode_oid(*oid_element, what);
  if (!hash_oid) return Unexpected<Error>(std::move(hash_oid.error()));
  if (identifier->next_is(tag::kNull)) {
    if (auto null = identifier->read_null(what); !null) {
      return Unexpected<Error>(std::move(null.error()));
    }
  }
  if (auto end = identifier->expect_end(what); !end) {
    return Unexpected<Error>(std::move(end.error()));
  }
  HashId out;
  if (*hash_oid == Oid(oid::kSha256)) out.hash = HashAlgorithm::sha256;
  if (*hash_oid == Oid(oid::kSha384)) out.hash = HashAlgorithm::sha384;
  if (*hash_oid == Oid(oid::kSha512)) out.hash = HashAlgorithm::sha512;
  out.sha1 = *hash_oid == Oid(oid::kSha1);
  return out;
}

struct PssParams {
  HashId hash;
  HashId mgf_hash;
  std::uint64_t salt_length = 20;
  std::uint64_t trailer = 1;
};

// RFC 4055 3.1 / RFC 8017 A.2.3 (EXPLICIT tags). Defaults are SHA-1, MGF1-SHA-1, salt 20.
Expected<PssParams> read_pss_params(const Tlv& element, std::size_t depth) {
  PssParams out;
  out.hash.sha1 = true;
  out.mgf_hash.sha1 = true;
  if (element.tag != tag::kSequence) {
    return der::malformed(ErrorCode::invalid_value, "RSASSA-PSS parameters",
                          "expected SEQUENCE, found " + der::tag_name(element.tag), element.offset);
  }
  der::Reader outer(ByteView{}, 0, depth);
  auto params = outer.nested(element, "RSASSA-PSS parameters");
  if (!params) return Unexpected<Error>(std::move(params.error()));
  if (params->next_is(der::context_constructed(0))) {
    auto field = params->enter(der::context_constructed(0), "RSASSA-PSS hashAlgorithm");
    if (!field) return Unexpected<Error>(std::move(field.error()));
    auto hash = read_hash_identifier(*field, "RSASSA-PSS hashAlgorithm");
    if (!hash) return Unexpected<Error>(std::move(hash.error()));
    out.hash = *hash;
    if (auto end = field->expect_end("RSASSA-PSS hashAlgorithm"); !end) {
      return Unexpected<Error>(std::move(end.error()));
    }
  }
  if (params->next_is(der::context_constructed(1))) {
    constexpr std::string_view kWhat = "RSASSA-PSS maskGenAlgorithm";
    auto field = params->enter(der::context_constructed(1), kWhat);
    if (!field) return Unexpected<Error>(std::move(field.error()));
    auto mgf = field->enter(tag::kSequence, kWhat);
    if (!mgf) return Unexpected<Error>(std::move(mgf.error()));
    auto mgf_oid_element = mgf->read(tag::kOid, kWhat);
    if (!mgf_oid_element) return Unexpected<Error>(std::move(mgf_oid_element.error()));
    auto mgf_oid = der::decode_oid(*mgf_oid_element, kWhat);
    if (!mgf_oid) return Unexpected<Error>(std::move(mgf_oid.error()));
    if (!(*mgf_oid == Oid(oid::kMgf1))) {
      return der::malformed(ErrorCode::invalid_value, kWhat,
                            "mask generation function " + mgf_oid->to_string() + " is not MGF1",
                            mgf_oid_element->offset);
    }
    auto mgf_hash = read_hash_identifier(*mgf, "MGF1 hash");
    if (!mgf_hash) return Unexpected<Error>(std::move(mgf_hash.error()));
    out.mgf_hash = *mgf_hash;
    if (auto end = mgf->expect_end(kWhat); !end) return Unexpected<Error>(std::move(end.error()));
    if (auto end = field->expect_end(kWhat); !end) {
      return Unexpected<Error>(std::move(end.error()));
    }
  }
  if (params->next_is(der::context_constructed(2))) {
    auto field = params->enter(der::context_constructed(2), "RSASSA-PSS saltLength");
    if (!field) return Unexpected<Error>(std::move(field.error()));
    auto salt = field->read_unsigned("RSASSA-PSS saltLength");
    if (!salt) return Unexpected<Error>(std::move(salt.error()));
    out.salt_length = *salt;
    if (auto end = field->expect_end("RSASSA-PSS saltLength"); !end) {
      return Unexpected<Error>(std::move(end.error()));
    }
  }
  if (params->next_is(der::context_constructed(3))) {
    auto field = params->enter(der::context_constructed(3), "RSASSA-PSS trailerField");
    if (!field) return Unexpected<Error>(std::move(field.error()));
    const std::size_t at = field->offset();
    auto trailer = field->read_unsigned("RSASSA-PSS trailerField");
    if (!trailer) return Unexpected<Error>(std::move(trailer.error()));
    if (*trailer != 1) {
      return der::malformed(
          ErrorCode::invalid_value, "RSASSA-PSS trailerField",
          "trailer field " + std::to_string(*trailer) + " is not 1 (RFC 8017 A.2.3)", at);
    }
    if (auto end = field->expect_end("RSASSA-PSS trailerField"); !end) {
      return Unexpected<Error>(std::move(end.error()));
    }
  }
  if (out.salt_length > 0xffff) {
    return der::malformed(ErrorCode::invalid_value, "RSASSA-PSS saltLength",
                          "salt length " + std::to_string(out.salt_length) + " is too large",
                          element.offset);
  }
  if (auto end = params->expect_end("RSASSA-PSS parameters"); !end) {
    return Unexpected<Error>(std::move(end.error()));
  }
  return out;
}

Expected<void> check_params(Params rule, const std::optional<Tlv>& params, std::size_t depth,
                            std::string_view label) {
  // The message is built only on failure.
  auto what = [label] { return std::string(label) + " parameters"; };
  switch (rule) {
    case Params::absent:
      if (params) {
        return der::malformed(ErrorCode::invalid_value, what(),
                              "parameters must be absent, found " + der::tag_name(params->tag),
                              params->offset);
      }
      return {};
    case Params::null_or_absent:
      if (!params) return {};
      if (params->tag != tag::kNull || !params->value.empty()) {
        return der::malformed(
            ErrorCode::invalid_value, what(),
            "parameters must be NULL or absent, found " + der::tag_name(params->tag),
            params->offset);
      }
      return {};
    case Params::pss:
    case Params::any:
      if (params) return der::check_tree(*params, depth, label);
      return {};
  }
  return {};
}

}  // namespace

bool SignatureAlgorithmInfo::uses_weak_hash() const noexcept {
  switch (id) {
    case SignatureAlgorithmId::rsa_pkcs1_md2:
    case SignatureAlgorithmId::rsa_pkcs1_md5:
    case SignatureAlgorithmId::rsa_pkcs1_sha1:
    case SignatureAlgorithmId::ecdsa_sha1:
    case SignatureAlgorithmId::dsa_sha1:
      return true;
    default:
      return false;
  }
}

std::string SignatureAlgorithmInfo::describe() const {
  for (const auto& entry : kSignatures) {
    if (entry.oid == oid) {
      if (entry.oid == Oid(oid::kRsaPss)) {
        if (algorithm) {
          const char* hash = hash_label(algorithm->hash);
          return std::string("RSASSA-PSS (") + hash + ", MGF1 " + hash + ", salt " +
                 std::to_string(algorithm->pss_salt_length) + ")";
        }
        return "RSASSA-PSS with unsupported parameters (SHA-1 or different hashes)";
      }
      return std::string(entry.label);
    }
  }
  return "unknown signature algorithm " + oid.to_string();
}

Expected<SignatureAlgorithmInfo> parse_signature_algorithm(const Tlv& algorithm_identifier,
                                                           std::size_t depth) {
  constexpr std::string_view kWhat = "AlgorithmIdentifier";
  SignatureAlgorithmInfo out;
  out.encoding = algorithm_identifier.encoding;
  der::Reader outer(ByteView{}, 0, depth);
  auto reader = outer.nested(algorithm_identifier, kWhat);
  if (!reader) return Unexpected<Error>(std::move(reader.error()));
  auto oid_element = reader->read(tag::kOid, "algorithm");
  if (!oid_element) return Unexpected<Error>(std::move(oid_element.error()));
  auto algorithm_oid = der::decode_oid(*oid_element, "algorithm");
  if (!algorithm_oid) return Unexpected<Error>(std::move(algorithm_oid.error()));
  out.oid = *algorithm_oid;
  std::optional<Tlv> params;
  if (!reader->empty()) {
    auto element = reader->read_any("parameters");
    if (!element) return Unexpected<Error>(std::move(element.error()));
    params = *element;
  }
  if (auto end = reader->expect_end(kWhat); !end) return Unexpected<Error>(end.error());

  const SignatureEntry* entry = nullptr;
  for (const auto& candidate : kSignatures) {
    if (candidate.oid == out.oid) {
      entry = &candidate;
      break;
    }
  }
  if (entry == nullptr) {
    if (params) {
      if (auto ok = der::check_tree(*params, reader->depth(), "parameters"); !ok) {
        return Unexpected<Error>(ok.error());
      }
    }
    out.id = SignatureAlgorithmId::unknown;
    return out;
  }
  if (auto ok = check_params(entry->params, params, reader->depth(), entry->label); !ok) {
    return Unexpected<Error>(ok.error());
  }
  out.id = entry->id;
  if (entry->params == Params::pss) {
    if (!params) {
      return der::malformed(ErrorCode::invalid_value, "RSASSA-PSS parameters",
                            "missing (RFC 4055 3.1 requires them in a signature algorithm)",
                            algorithm_identifier.offset);
    }
    auto pss = read_pss_params(*params, reader->depth());
    if (!pss) return Unexpected<Error>(std::move(pss.error()));
    const bool supported =
        pss->hash.hash && pss->mgf_hash.hash && *pss->hash.hash == *pss->mgf_hash.hash;
    if (!supported) {
      out.id = SignatureAlgorithmId::rsa_pss_other;
      return out;
    }
    out.algorithm = crypto::SignatureAlgorithm{SignatureKind::rsa_pss, *pss->hash.hash,
                                               static_cast<std::uint16_t>(pss->salt_length)};
    return out;
  }
  out.algorithm = verifiable(out.id);
  return out;
}

std::string PublicKeyInfo::describe() const {
  switch (algorithm) {
    case KeyAlgorithm::rsa:
      return "RSA";
    case KeyAlgorithm::rsa_pss:
      return "RSASSA-PSS";
    case KeyAlgorithm::ec_p256:
      return "ECDSA P-256";
    case KeyAlgorithm::ec_p384:
      return "ECDSA P-384";
    case KeyAlgorithm::ed25519:
      return "Ed25519";
    case KeyAlgorithm::ec_p521:
      return "ECDSA P-521";
    case KeyAlgorithm::ec_other_curve:
      return "EC on an unsupported curve";
    case KeyAlgorithm::ec_explicit:
      return "EC with explicit curve parameters";
    case KeyAlgorithm::ed448:
      return "Ed448";
    case KeyAlgorithm::dsa:
      return "DSA";
    case KeyAlgorithm::unknown:
      break;
  }
  return "unknown key algorithm " + algorithm_oid.to_string();
}

Expected<PublicKeyInfo> read_public_key_info(der::Reader& reader) {
  constexpr std::string_view kWhat = "subjectPublicKeyInfo";
  PublicKeyInfo out;
  auto spki_element = reader.read(tag::kSequence, kWhat);
  if (!spki_element) return Unexpected<Error>(std::move(spki_element.error()));
  out.spki = spki_element->encoding;
  auto spki = reader.nested(*spki_element, kWhat);
  if (!spki) return Unexpected<Error>(std::move(spki.error()));
  auto identifier = spki->enter(tag::kSequence, "subjectPublicKeyInfo algorithm");
  if (!identifier) return Unexpected<Error>(std::move(identifier.error()));
  auto oid_element = identifier->read(tag::kOid, "subjectPublicKeyInfo algorithm");
  if (!oid_element) return Unexpected<Error>(std::move(oid_element.error()));
  auto algorithm_oid = der::decode_oid(*oid_element, "subjectPublicKeyInfo algorithm");
  if (!algorithm_oid) return Unexpected<Error>(std::move(algorithm_oid.error()));
  out.algorithm_oid = *algorithm_oid;
  std::optional<Tlv> params;
  if (!identifier->empty()) {
    auto element = identifier->read_any("subjectPublicKeyInfo parameters");
    if (!element) return Unexpected<Error>(std::move(element.error()));
    params = *element;
    out.parameters = element->encoding;
  }
  if (auto end = identifier->expect_end("subjectPublicKeyInfo algorithm"); !end) {
    return Unexpected<Error>(std::move(end.error()));
  }
  const std::size_t depth = identifier->depth();

  const Oid& id = out.algorithm_oid;
  if (id == Oid(oid::kRsaEncryption)) {
    // RFC 3279 2.3.1: "the parameters component of that type SHALL be the ASN.1 type NULL".
    if (!params || params->tag != tag::kNull) {
      return der::malformed(ErrorCode::invalid_value, "rsaEncryption parameters",
                            "must be NULL (RFC 3279 2.3.1)", oid_element->offset);
    }
    if (auto ok = der::decode_null(*params, "rsaEncryption parameters"); !ok) {
      return Unexpected<Error>(ok.error());
    }
    out.algorithm = KeyAlgorithm::rsa;
    out.key_type = crypto::KeyType::rsa;
  } else if (id == Oid(oid::kRsaPss)) {
    if (params) {
      auto pss = read_pss_params(*params, depth);
      if (!pss) return Unexpected<Error>(std::move(pss.error()));
    }
    out.algorithm = KeyAlgorithm::rsa_pss;
    out.key_type = crypto::KeyType::rsa_pss;
  } else if (id == Oid(oid::kEcPublicKey)) {
    // RFC 5480 2.1.1: parameters present; namedCurve is the only form allowed.
    if (!params) {
      return der::malformed(ErrorCode::invalid_value, "id-ecPublicKey parameters",
                            "missing (RFC 5480 2.1.1)", oid_element->offset);
    }
    if (params->tag == tag::kOid) {
      auto curve = der::decode_oid(*params, "namedCurve");
      if (!curve) return Unexpected<Error>(std::move(curve.error()));
      if (*curve == Oid(oid::kPrime256v1)) {
        out.algorithm = KeyAlgorithm::ec_p256;
        out.key_type = crypto::KeyType::ec_p256;
      } else if (*curve == Oid(oid::kSecp384r1)) {
        out.algorithm = KeyAlgorithm::ec_p384;
        out.key_type = crypto::KeyType::ec_p384;
      } else if (*curve == Oid(oid::kSecp521r1)) {
        out.algorithm = KeyAlgorithm::ec_p521;
      } else {
        out.algorithm = KeyAlgorithm::ec_other_curve;
      }
    } else {
      if (auto ok = der::check_tree(*params, depth, "id-ecPublicKey parameters"); !ok) {
        return Unexpected<Error>(ok.error());
      }
      out.algorithm = KeyAlgorithm::ec_explicit;
    }
  } else if (id == Oid(oid::kEd25519) || id == Oid(oid::kEd448)) {
    // RFC 8410 3: "the parameters MUST be absent".
    if (params) {
      return der::malformed(ErrorCode::invalid_value, "subjectPublicKeyInfo parameters",
                            "must be absent for Ed25519 and Ed448 (RFC 8410 3)", params->offset);
    }
    const bool ed25519 = id == Oid(oid::kEd25519);
    out.algorithm = ed25519 ? KeyAlgorithm::ed25519 : KeyAlgorithm::ed448;
    if (ed25519) out.key_type = crypto::KeyType::ed25519;
  } else {
    if (params) {
      if (auto ok = der::check_tree(*params, depth, "subjectPublicKeyInfo parameters"); !ok) {
        return Unexpected<Error>(ok.error());
      }
    }
    out.algorithm = id == Oid(oid::kDsa) ? KeyAlgorithm::dsa : KeyAlgorithm::unknown;
  }

  auto key_element = spki->read(tag::kBitString, "subjectPublicKey");
  if (!key_element) return Unexpected<Error>(std::move(key_element.error()));
  auto key = der::decode_bit_string(*key_element, "subjectPublicKey");
  if (!key) return Unexpected<Error>(std::move(key.error()));
  if (key->unused_bits != 0) {
    return der::malformed(ErrorCode::invalid_value, "subjectPublicKey",
                          "BIT STRING has " + std::to_string(key->unused_bits) +
                              " unused bits; a key is whole octets",
                          key_element->offset);
  }
  out.key = key->bytes;
  if (auto end = spki->expect_end(kWhat); !end) return Unexpected<Error>(std::move(end.error()));
  return out;
}

}  // namespace cpptls::x509
