#include "exchange.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "checks.hpp"

namespace cpptls::bogo {
namespace {

// BoringSSL's shim reads 512 bytes at a time so that one record takes several reads.
constexpr std::size_t kDefaultReadSize = 512;
constexpr std::string_view kInitialWrite = "hello";  // runner.go shimInitialWrite

class Exchange {
 public:
  Exchange(Connection& connection, Transport& transport, const ConnectionFlags& flags)
      : connection_(connection), transport_(transport), flags_(flags) {}

  [[nodiscard]] Status handshake();
  [[nodiscard]] Status application_data();
  [[nodiscard]] Status shutdown();
  [[nodiscard]] Status export_keying_material();
  [[nodiscard]] Status extra_handshake_is_no_op();
  [[nodiscard]] Status send_tls_unique();

 private:
  [[nodiscard]] Status flush();
  [[nodiscard]] Status fill();
  [[nodiscard]] Status feed(std::size_t& taken);
  [[nodiscard]] Status write(std::span<const std::uint8_t> data);
  [[nodiscard]] Status echo_plaintext();
  [[nodiscard]] Status write_record_sizes();
  // The connection failed: its alert goes out before we report.
  [[nodiscard]] Status failed(const TlsError& error);

  Connection& connection_;
  Transport& transport_;
  const ConnectionFlags& flags_;
  std::vector<std::uint8_t> input_;  // received, not yet taken by read_tls
  bool eof_ = false;
};

Status Exchange::flush() {
  while (!connection_.pending_tls().empty()) {
    const auto pending = connection_.pending_tls();
    if (auto sent = transport_.send_all(pending); !sent.ok()) return sent;
    connection_.consume_tls(pending.size());
  }
  return Status::success();
}

Status Exchange::fill() {
  std::uint8_t buffer[16384];
  std::size_t received = 0;
  if (auto s = transport_.receive(buffer, received); !s.ok()) return s;
  if (received == 0) eof_ = true;
  input_.insert(input_.end(), buffer, buffer + received);
  return Status::success();
}

// With -async, bytes go in one at a time: the way BoringSSL's async BIO exercises every
// partial-record path of the record layer.
Status Exchange::feed(std::size_t& taken) {
  taken = 0;
  while (taken < input_.size()) {
    const std::size_t offer = flags_.async ? 1 : input_.size() - taken;
    auto result = connection_.read_tls(std::span(input_).subspan(taken, offer));
    if (!result) return failed(result.error());
    if (*result == 0) break;
    taken += *result;
  }
  input_.erase(input_.begin(), input_.begin() + static_cast<std::ptrdiff_t>(taken));
  return Status::success();
}

Status Exchange::failed(const TlsError& error) {
  (void)flush();  // the peer may already be gone; the error is what we report
  return Status::tls_failure(error);
}

Status Exchange::write(std::span<const std::uint8_t> data) {
  auto written = connection_.write(data);
  if (!written) return failed(written.error());
  return flush();
}

Status Exchange::handshake() {
  while (true) {
    if (auto s = flush(); !s.ok()) return s;
    if (connection_.is_handshake_complete()) return Status::success();
    std::size_t taken = 0;
    if (!input_.empty()) {
      if (auto s = feed(taken); !s.ok()) return s;
      if (taken > 0) continue;
    }
    if (eof_) return Status::failure("code=transport_eof: the runner closed during the handshake");
    if (auto s = fill(); !s.ok()) return s;
  }
}

Status Exchange::extra_handshake_is_no_op() {
  const std::size_t input_before = input_.size();
  const bool had_output = !connection_.pending_tls().empty();
  if (auto s = handshake(); !s.ok()) return s;
  if (had_output || input_.size() != input_before || !connection_.pending_tls().empty())
    return Status::failure("shim check: the extra handshake call was not a no-op");
  return Status::success();
}

Status Exchange::echo_plaintext() {
  std::vector<std::uint8_t> buffer(flags_.read_size > 0 ? static_cast<std::size_t>(flags_.read_size)
                                                        : kDefaultReadSize);
  while (connection_.io_state().plaintext_bytes_to_read > 0) {
    auto got = connection_.read(buffer);
    if (!got) return failed(got.error());
    if (*got == 0) break;
    if (flags_.key_update) {
      if (auto updated = connection_.key_update(false); !updated) return failed(updated.error());
    }
    for (std::size_t i = 0; i < *got; ++i)
      buffer[i] ^= 0xff;
    if (auto s = write(std::span(buffer).first(*got)); !s.ok()) return s;
  }
  return Status::success();
}

// The sizes BoringSSL's shim writes for -write-different-record-sizes: around one and two
// records' worth, to trip record splitting.
Status Exchange::write_record_sizes() {
  const std::vector<std::uint8_t> bytes(32769, 0x42);
  for (std::size_t size : {0, 1, 255, 256, 257, 16383, 16384, 16385, 32767, 32768, 32769}) {
    if (auto s = write(std::span(bytes).first(size)); !s.ok()) return s;
  }
  return Status::success();
}

// BoringSSL's shim exports right after the handshake and sends the bytes to the runner, which
// compares them with its own export (runner.go, exportKeyingMaterial).
Status Exchange::export_keying_material() {
  if (flags_.export_keying_material <= 0) return Status::success();
  std::vector<std::uint8_t> out(static_cast<std::size_t>(flags_.export_keying_material));
  const auto* context = reinterpret_cast<const std::uint8_t*>(flags_.export_context.data());
  std::optional<std::span<const std::uint8_t>> given;
  if (flags_.use_export_context) given = std::span(context, flags_.export_context.size());
  if (auto done = connection_.export_keying_material(out, flags_.export_label, given); !done) {
    return Status::failure("failed to export keying material: " + done.error().to_string());
  }
  return write(out);
}

// BoringSSL's shim sends SSL_get_tls_unique's 12 bytes after the exported keying material.
Status Exchange::send_tls_unique() {
  if (!flags_.tls_unique) return Status::success();
  const std::vector<std::uint8_t>& unique = connection_.session()->tls_unique;
  if (unique.size() != 12)
    return Status::failure("shim check: tls-unique has " + std::to_string(unique.size()) +
                           " bytes, expected 12");
  return write(unique);
}

Status Exchange::application_data() {
  if (flags_.write_different_record_sizes) return write_record_sizes();
  if (flags_.shim_writes_first) {
    const auto* hello = reinterpret_cast<const std::uint8_t*>(kInitialWrite.data());
    if (auto s = write(std::span(hello, kInitialWrite.size())); !s.ok()) return s;
  }
  if (flags_.shim_shuts_down) return Status::success();
  // Echo until the runner closes, cleanly (close_notify) or not (TCP close).
  while (true) {
    if (auto s = echo_plaintext(); !s.ok()) return s;
    if (auto s = flush(); !s.ok()) return s;
    if (connection_.io_state().peer_closed) return Status::success();
    std::size_t taken = 0;
    if (!input_.empty()) {
      if (auto s = feed(taken); !s.ok()) return s;
      if (taken > 0) continue;
    }
    if (eof_) return Status::success();
    if (auto s = fill(); !s.ok()) return s;
  }
}

// Without -check-close-notify BoringSSL's shim shuts down quietly (no close_notify, nothing
// awaited); with it, close_notify must be exchanged both ways. The wait is BoringSSL's second
// SSL_shutdown call, which processes records until the peer's close_notify and fails on
// application data (APPLICATION_DATA_ON_SHUTDOWN): it has nowhere to deliver it. Our API
// would hand that data to read(); the shim refuses it as SSL_shutdown does, and says so.
Status Exchange::shutdown() {
  if (flags_.shim_shuts_down) {
    if (auto closed = connection_.close(); !closed) return failed(closed.error());
    if (auto s = flush(); !s.ok()) return s;
    if (!flags_.check_close_notify) return Status::success();
    while (!connection_.io_state().peer_closed) {
      if (connection_.io_state().plaintext_bytes_to_read > 0) {
        return Status::failure(
            "shim check: application data arrived while waiting for close_notify after ours");
      }
      std::size_t taken = 0;
      if (!input_.empty()) {
        if (auto s = feed(taken); !s.ok()) return s;
        if (taken > 0) continue;
      }
      if (eof_) return Status::failure("code=transport_eof: no close_notify from the runner");
      if (auto s = fill(); !s.ok()) return s;
    }
    return Status::success();
  }
  if (!flags_.check_close_notify) return Status::success();
  if (!connection_.io_state().peer_closed) {
    return Status::failure("code=transport_eof: the runner closed without close_notify");
  }
  if (auto closed = connection_.close(); !closed) return failed(closed.error());
  return flush();
}

}  // namespace

Status run_exchange(Connection& connection, Transport& transport, const ConnectionFlags& flags,
                    bool is_resume, std::uint16_t& session_signature) {
  Exchange exchange(connection, transport, flags);
  if (auto s = exchange.handshake(); !s.ok()) return s;
  // BoringSSL's -no-op-extra-handshake calls SSL_do_handshake once more, which must do nothing.
  // Ours has no such call: driving the handshake again must send and take nothing.
  if (flags.no_op_extra_handshake) {
    if (auto s = exchange.extra_handshake_is_no_op(); !s.ok()) return s;
  }
  const SessionInfo* session = connection.session();
  if (session == nullptr) return Status::failure("no session after the handshake");
  if (auto s =
          check_handshake(*session, flags, !connection.is_client(), is_resume, session_signature);
      !s.ok()) {
    return s;
  }
  if (auto s = exchange.export_keying_material(); !s.ok()) return s;
  if (auto s = exchange.send_tls_unique(); !s.ok()) return s;
  if (auto s = exchange.application_data(); !s.ok()) return s;
  return exchange.shutdown();
}

}  // namespace cpptls::bogo
