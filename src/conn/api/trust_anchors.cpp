#include <utility>

#include "cpptls/config.hpp"

#include "conn/api/convert.hpp"
#include "x509/trust_store.hpp"

namespace cpptls {

TrustAnchors::TrustAnchors() : store_(std::make_shared<const x509::TrustStore>()) {}

TrustAnchors::TrustAnchors(std::shared_ptr<const x509::TrustStore> store) noexcept
    : store_(std::move(store)) {}

Result<TrustAnchors> TrustAnchors::system() {
  auto store = x509::TrustStore::system();
  if (!store) return api::to_public(store.error());
  return TrustAnchors(std::make_shared<const x509::TrustStore>(std::move(*store)));
}

Result<TrustAnchors> TrustAnchors::from_pem_file(const std::string& path) {
  x509::TrustStore store;
  auto loaded = store.load_file(path);
  if (!loaded) return api::to_public(loaded.error());
  if (*loaded == 0) {
    return api::config_error("the CA file '" + path + "' holds no certificate");
  }
  return TrustAnchors(std::make_shared<const x509::TrustStore>(std::move(store)));
}

Result<TrustAnchors> TrustAnchors::from_pem(std::string_view pem) {
  x509::TrustStore store;
  auto added = store.add_pem(pem);
  if (!added) return api::to_public(added.error());
  if (*added == 0) return api::config_error("the PEM text holds no certificate");
  return TrustAnchors(std::make_shared<const x509::TrustStore>(std::move(store)));
}

std::size_t TrustAnchors::size() const noexcept {
  return store_ ? store_->size() : 0;
}

}  // namespace cpptls
