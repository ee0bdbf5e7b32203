// Status: the result of a library operation that can fail.
//
// The library never throws across its API and never prints: every fallible function returns a
// Status (leveldb style). An ok Status is cheap; an error carries a code and a message that names
// what went wrong and, for parsers, the byte offset or line where it happened.
//
// Thread safety: const methods are safe to call from several threads.
#ifndef OPENNESS_STATUS_H_
#define OPENNESS_STATUS_H_

#include <string>
#include <string_view>
#include <utility>

namespace openness {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,         // a file or key that is not there
    kInvalidArgument,  // the caller asked for something impossible
    kCorruption,       // malformed input: truncated, lying lengths, bad syntax
    kTooLarge,         // input over one of the limits in limits.h
    kUnsupported,      // a format or version we recognise but do not read
    kIOError,          // the operating system refused
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status TooLarge(std::string msg) { return Status(Code::kTooLarge, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  /// Returns this status with "context: " put before the message (e.g. the file name).
  Status WithContext(std::string_view context) const {
    if (ok()) return *this;
    return Status(code_, std::string(context) + ": " + message_);
  }

  /// "corruption: model.safetensors: header length 9000 exceeds file size 120 (at byte 0)".
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

/// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Status status) : status_(std::move(status)) {}  // NOLINT
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok()
  T& value() & { return value_; }
  const T& value() const& { return value_; }
  T&& value() && { return std::move(value_); }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }

 private:
  Status status_;
  T value_{};
};

}  // namespace openness

#endif  // OPENNESS_STATUS_H_
