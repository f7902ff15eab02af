#include "verifier.hpp"

#include <utility>

namespace cpptls::bogo {
namespace {

class ShimVerifier final : public CertificateVerifier {
 public:
  ShimVerifier(bool fail, bool fatal, CertificateAlert alert, std::shared_ptr<VerifyRecord> record)
      : fail_(fail), fatal_(fatal), alert_(alert), record_(std::move(record)) {}

  [[nodiscard]] CertificateVerdict verify(const CertificateCheck&) const override {
    record_->failed = fail_;
    if (fail_ && fatal_) return CertificateVerdict::refuse("-verify-fail", alert_);
    return CertificateVerdict::accept();
  }
  // One policy for every connection of a test: the runner checks that a session verified by
  // the first connection resumes without calling the callback again (unless
  // -reverify-on-resume), even where the resumption's flags would fail it.
  [[nodiscard]] std::string policy_name() const override { return "bogo-shim"; }

 private:
  bool fail_;
  bool fatal_;
  CertificateAlert alert_;
  std::shared_ptr<VerifyRecord> record_;
};

}  // namespace

bool wants_verifier(const ConnectionFlags& flags) {
  return flags.verify_fail || flags.expect_verify_result || flags.reverify_on_resume ||
         flags.use_custom_verify_callback || !flags.expect_peer_cert_file.empty();
}

std::shared_ptr<const CertificateVerifier> make_verifier(const ConnectionFlags& flags,
                                                         bool is_server,
                                                         std::shared_ptr<VerifyRecord> record) {
  const bool fatal = flags.verify_peer || (is_server && flags.require_any_client_certificate);
  // BoringSSL's custom callback refuses with certificate_unknown by default; the legacy one's
  // X509_V_ERR_APPLICATION_VERIFICATION maps to handshake_failure.
  const CertificateAlert alert = flags.use_custom_verify_callback
                                     ? CertificateAlert::certificate_unknown
                                     : CertificateAlert::handshake_failure;
  return std::make_shared<ShimVerifier>(flags.verify_fail, fatal, alert, std::move(record));
}

}  // namespace cpptls::bogo
