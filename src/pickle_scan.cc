// Static pickle scan: walks opcodes, never unpickles.
//
// The walker knows every opcode of protocols 0-5 and the encoding of its argument, so it stays in
// sync with the stream; it keeps a small model of the stack and memo (strings only) so that the
// operands of STACK_GLOBAL can be named. ZIP archives written by torch.save are read through their
// central directory, and only the *.pkl members are read (deflated ones are inflated with a cap).
#include "openness/pickle_scan.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace openness {
namespace {

// ----------------------------------------------------------------------------------------------
// Small helpers.

std::string At(uint64_t offset) { return " (at byte " + std::to_string(offset) + ")"; }

std::string Hex2(uint8_t b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string("0x") + kDigits[b >> 4] + kDigits[b & 15];
}

uint64_t LoadLE(std::string_view bytes, size_t pos, size_t width) {
  uint64_t v = 0;
  for (size_t i = width; i > 0; --i) {
    v = (v << 8) | static_cast<uint8_t>(bytes[pos + i - 1]);
  }
  return v;
}

uint16_t Le16(std::string_view b, size_t pos) { return static_cast<uint16_t>(LoadLE(b, pos, 2)); }
uint32_t Le32(std::string_view b, size_t pos) { return static_cast<uint32_t>(LoadLE(b, pos, 4)); }
uint64_t Le64(std::string_view b, size_t pos) { return LoadLE(b, pos, 8); }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Splits "a.b.c" into its dotted components.
std::vector<std::string_view> SplitDots(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = s.find('.', start);
    parts.push_back(s.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

// ----------------------------------------------------------------------------------------------
// Classification lists. Kept short on purpose: the safe list is what torch.save and numpy write
// for plain tensors and state dicts; the dangerous list is what runs code, spawns processes,
// touches files or the network, or loads further pickles. Everything else is "unknown".

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

// Importing anything from these modules (or reaching them by attribute traversal) is dangerous.
constexpr std::string_view kDangerousModules[] = {"os",
                                                  "posix",
                                                  "nt",
                                                  "subprocess",
                                                  "_posixsubprocess",
                                                  "runpy",
                                                  "sys",
                                                  "shutil",
                                                  "socket",
                                                  "_socket",
                                                  "pty",
                                                  "importlib",
                                                  "webbrowser",
                                                  "requests",
                                                  "urllib",
                                                  "urllib2",
                                                  "urllib3",
                                                  "http",
                                                  "httplib",
                                                  "ftplib",
                                                  "telnetlib",
                                                  "smtplib",
                                                  "ctypes",
                                                  "_ctypes",
                                                  "commands",
                                                  "popen2",
                                                  "multiprocessing",
                                                  "code",
                                                  "codeop",
                                                  "pdb",
                                                  "asyncio",
                                                  "BaseHTTPServer",
                                                  "SimpleHTTPServer",
                                                  "CGIHTTPServer"};

constexpr std::string_view kBuiltinModules[] = {"builtins", "__builtin__", "__builtins__"};

// builtins members that evaluate code, import, open files or reach arbitrary attributes.
constexpr std::string_view kDangerousBuiltins[] = {
    "eval",      "exec",       "execfile", "compile",    "open",  "file",
    "getattr",   "setattr",    "delattr",  "__import__", "apply", "input",
    "raw_input", "breakpoint", "globals",  "locals",     "vars",  "reload"};

// Attribute names that run code whatever module they are reached through.
constexpr std::string_view kCodeRunningNames[] = {
    "eval",         "exec",       "execfile",  "__import__",
    "system",       "popen",      "getoutput", "getstatusoutput",
    "check_output", "check_call", "run_path",  "run_module",
    "spawnl",       "spawnv",     "execv",     "execve"};

struct GlobalPair {
  std::string_view module;
  std::string_view name;
};

// Single globals that load pickles, build code objects or act as call gadgets.
constexpr GlobalPair kDangerousPairs[] = {
    {"pickle", "loads"},
    {"pickle", "load"},
    {"pickle", "Unpickler"},
    {"_pickle", "loads"},
    {"_pickle", "load"},
    {"_pickle", "Unpickler"},
    {"cPickle", "loads"},
    {"cPickle", "load"},
    {"dill", "loads"},
    {"dill", "load"},
    {"marshal", "loads"},
    {"marshal", "load"},
    {"types", "FunctionType"},
    {"types", "CodeType"},
    {"types", "LambdaType"},
    {"types", "MethodType"},
    {"platform", "popen"},
    {"operator", "attrgetter"},
    {"operator", "methodcaller"},
    {"_operator", "attrgetter"},
    {"_operator", "methodcaller"},
    {"io", "open"},
    {"_io", "open"},
    {"io", "FileIO"},
    {"_io", "FileIO"},
    {"codecs", "open"},
    {"torch", "load"},
    {"torch.serialization", "load"},
    {"torch.hub", "load"},
    {"torch.hub", "load_state_dict_from_url"},
    {"torch.hub", "download_url_to_file"},
    {"numpy.testing._private.utils", "runstring"},
};

// What torch.save writes for tensors, parameters and state dicts, and numpy arrays.
constexpr GlobalPair kSafePairs[] = {
    {"torch._utils", "_rebuild_tensor"},
    {"torch._utils", "_rebuild_tensor_v2"},
    {"torch._utils", "_rebuild_tensor_v3"},
    {"torch._utils", "_rebuild_parameter"},
    {"torch._utils", "_rebuild_parameter_with_state"},
    {"torch._utils", "_rebuild_qtensor"},
    {"torch", "FloatStorage"},
    {"torch", "DoubleStorage"},
    {"torch", "HalfStorage"},
    {"torch", "BFloat16Storage"},
    {"torch", "LongStorage"},
    {"torch", "IntStorage"},
    {"torch", "ShortStorage"},
    {"torch", "CharStorage"},
    {"torch", "ByteStorage"},
    {"torch", "BoolStorage"},
    {"torch", "ComplexFloatStorage"},
    {"torch", "ComplexDoubleStorage"},
    {"torch", "QInt8Storage"},
    {"torch", "QUInt8Storage"},
    {"torch", "QInt32Storage"},
    {"torch", "QUInt4x2Storage"},
    {"torch", "QUInt2x4Storage"},
    {"torch", "UntypedStorage"},
    {"torch", "TypedStorage"},
    {"torch", "Size"},
    {"torch", "device"},
    {"torch", "float32"},
    {"torch", "float"},
    {"torch", "float64"},
    {"torch", "double"},
    {"torch", "float16"},
    {"torch", "half"},
    {"torch", "bfloat16"},
    {"torch", "int64"},
    {"torch", "long"},
    {"torch", "int32"},
    {"torch", "int"},
    {"torch", "int16"},
    {"torch", "short"},
    {"torch", "int8"},
    {"torch", "uint8"},
    {"torch", "bool"},
    {"torch", "complex64"},
    {"torch", "complex128"},
    {"torch", "float8_e4m3fn"},
    {"torch", "float8_e5m2"},
    {"collections", "OrderedDict"},
    {"numpy.core.multiarray", "_reconstruct"},
    {"numpy.core.multiarray", "scalar"},
    {"numpy._core.multiarray", "_reconstruct"},
    {"numpy._core.multiarray", "scalar"},
    {"numpy", "dtype"},
    {"numpy", "ndarray"},
    {"_codecs", "encode"},
    {"builtins", "set"},
    {"builtins", "frozenset"},
    {"builtins", "bytearray"},
    {"builtins", "slice"},
    {"__builtin__", "set"},
    {"__builtin__", "frozenset"},
    {"__builtin__", "bytearray"},
    {"__builtin__", "slice"},
    {"builtins", "list"},
    {"builtins", "dict"},
    {"builtins", "tuple"},
    {"builtins", "int"},
    {"builtins", "float"},
    {"builtins", "complex"},
    {"builtins", "bytes"},
};

template <size_t N>
bool InPairs(const GlobalPair (&list)[N], std::string_view module, std::string_view name) {
  return std::any_of(std::begin(list), std::end(list),
                     [&](const GlobalPair& p) { return p.module == module && p.name == name; });
}

// ----------------------------------------------------------------------------------------------
// Pickle opcodes (CPython Lib/pickle.py, Lib/pickletools.py).

enum Op : uint8_t {
  kOpMark = '(',
  kOpStop = '.',
  kOpPop = '0',
  kOpPopMark = '1',
  kOpDup = '2',
  kOpFloat = 'F',
  kOpInt = 'I',
  kOpBinInt = 'J',
  kOpBinInt1 = 'K',
  kOpLong = 'L',
  kOpBinInt2 = 'M',
  kOpNone = 'N',
  kOpPersId = 'P',
  kOpBinPersId = 'Q',
  kOpReduce = 'R',
  kOpString = 'S',
  kOpBinString = 'T',
  kOpShortBinString = 'U',
  kOpUnicode = 'V',
  kOpBinUnicode = 'X',
  kOpAppend = 'a',
  kOpBuild = 'b',
  kOpGlobal = 'c',
  kOpDict = 'd',
  kOpEmptyDict = '}',
  kOpAppends = 'e',
  kOpGet = 'g',
  kOpBinGet = 'h',
  kOpInst = 'i',
  kOpLongBinGet = 'j',
  kOpList = 'l',
  kOpEmptyList = ']',
  kOpObj = 'o',
  kOpPut = 'p',
  kOpBinPut = 'q',
  kOpLongBinPut = 'r',
  kOpSetItem = 's',
  kOpTuple = 't',
  kOpEmptyTuple = ')',
  kOpSetItems = 'u',
  kOpBinFloat = 'G',
  // Protocol 2.
  kOpProto = 0x80,
  kOpNewObj = 0x81,
  kOpExt1 = 0x82,
  kOpExt2 = 0x83,
  kOpExt4 = 0x84,
  kOpTuple1 = 0x85,
  kOpTuple2 = 0x86,
  kOpTuple3 = 0x87,
  kOpNewTrue = 0x88,
  kOpNewFalse = 0x89,
  kOpLong1 = 0x8a,
  kOpLong4 = 0x8b,
  // Protocol 3.
  kOpBinBytes = 'B',
  kOpShortBinBytes = 'C',
  // Protocol 4.
  kOpShortBinUnicode = 0x8c,
  kOpBinUnicode8 = 0x8d,
  kOpBinBytes8 = 0x8e,
  kOpEmptySet = 0x8f,
  kOpAddItems = 0x90,
  kOpFrozenSet = 0x91,
  kOpNewObjEx = 0x92,
  kOpStackGlobal = 0x93,
  kOpMemoize = 0x94,
  kOpFrame = 0x95,
  // Protocol 5.
  kOpByteArray8 = 0x96,
  kOpNextBuffer = 0x97,
  kOpReadOnlyBuffer = 0x98,
};

enum class ArgKind : uint8_t {
  kNone,
  kFixed1,
  kFixed2,
  kFixed4,
  kFixed8,
  kLine,          // text up to '\n'
  kTwoLines,      // module '\n' name '\n'
  kCount1,        // uint8 length, then that many bytes
  kCount4,        // uint32 length
  kCount4Signed,  // int32 length; CPython rejects a negative one
  kCount8,        // uint64 length
};

struct OpInfo {
  const char* name = nullptr;  // nullptr: not an opcode
  ArgKind arg = ArgKind::kNone;
};

constexpr std::array<OpInfo, 256> MakeOpTable() {
  std::array<OpInfo, 256> t{};
  auto set = [&t](uint8_t op, const char* name, ArgKind arg) { t[op] = OpInfo{name, arg}; };
  set(kOpMark, "MARK", ArgKind::kNone);
  set(kOpStop, "STOP", ArgKind::kNone);
  set(kOpPop, "POP", ArgKind::kNone);
  set(kOpPopMark, "POP_MARK", ArgKind::kNone);
  set(kOpDup, "DUP", ArgKind::kNone);
  set(kOpFloat, "FLOAT", ArgKind::kLine);
  set(kOpInt, "INT", ArgKind::kLine);
  set(kOpBinInt, "BININT", ArgKind::kFixed4);
  set(kOpBinInt1, "BININT1", ArgKind::kFixed1);
  set(kOpLong, "LONG", ArgKind::kLine);
  set(kOpBinInt2, "BININT2", ArgKind::kFixed2);
  set(kOpNone, "NONE", ArgKind::kNone);
  set(kOpPersId, "PERSID", ArgKind::kLine);
  set(kOpBinPersId, "BINPERSID", ArgKind::kNone);
  set(kOpReduce, "REDUCE", ArgKind::kNone);
  set(kOpString, "STRING", ArgKind::kLine);
  set(kOpBinString, "BINSTRING", ArgKind::kCount4Signed);
  set(kOpShortBinString, "SHORT_BINSTRING", ArgKind::kCount1);
  set(kOpUnicode, "UNICODE", ArgKind::kLine);
  set(kOpBinUnicode, "BINUNICODE", ArgKind::kCount4);
  set(kOpAppend, "APPEND", ArgKind::kNone);
  set(kOpBuild, "BUILD", ArgKind::kNone);
  set(kOpGlobal, "GLOBAL", ArgKind::kTwoLines);
  set(kOpDict, "DICT", ArgKind::kNone);
  set(kOpEmptyDict, "EMPTY_DICT", ArgKind::kNone);
  set(kOpAppends, "APPENDS", ArgKind::kNone);
  set(kOpGet, "GET", ArgKind::kLine);
  set(kOpBinGet, "BINGET", ArgKind::kFixed1);
  set(kOpInst, "INST", ArgKind::kTwoLines);
  set(kOpLongBinGet, "LONG_BINGET", ArgKind::kFixed4);
  set(kOpList, "LIST", ArgKind::kNone);
  set(kOpEmptyList, "EMPTY_LIST", ArgKind::kNone);
  set(kOpObj, "OBJ", ArgKind::kNone);
  set(kOpPut, "PUT", ArgKind::kLine);
  set(kOpBinPut, "BINPUT", ArgKind::kFixed1);
  set(kOpLongBinPut, "LONG_BINPUT", ArgKind::kFixed4);
  set(kOpSetItem, "SETITEM", ArgKind::kNone);
  set(kOpTuple, "TUPLE", ArgKind::kNone);
  set(kOpEmptyTuple, "EMPTY_TUPLE", ArgKind::kNone);
  set(kOpSetItems, "SETITEMS", ArgKind::kNone);
  set(kOpBinFloat, "BINFLOAT", ArgKind::kFixed8);
  set(kOpProto, "PROTO", ArgKind::kFixed1);
  set(kOpNewObj, "NEWOBJ", ArgKind::kNone);
  set(kOpExt1, "EXT1", ArgKind::kFixed1);
  set(kOpExt2, "EXT2", ArgKind::kFixed2);
  set(kOpExt4, "EXT4", ArgKind::kFixed4);
  set(kOpTuple1, "TUPLE1", ArgKind::kNone);
  set(kOpTuple2, "TUPLE2", ArgKind::kNone);
  set(kOpTuple3, "TUPLE3", ArgKind::kNone);
  set(kOpNewTrue, "NEWTRUE", ArgKind::kNone);
  set(kOpNewFalse, "NEWFALSE", ArgKind::kNone);
  set(kOpLong1, "LONG1", ArgKind::kCount1);
  set(kOpLong4, "LONG4", ArgKind::kCount4Signed);
  set(kOpBinBytes, "BINBYTES", ArgKind::kCount4);
  set(kOpShortBinBytes, "SHORT_BINBYTES", ArgKind::kCount1);
  set(kOpShortBinUnicode, "SHORT_BINUNICODE", ArgKind::kCount1);
  set(kOpBinUnicode8, "BINUNICODE8", ArgKind::kCount8);
  set(kOpBinBytes8, "BINBYTES8", ArgKind::kCount8);
  set(kOpEmptySet, "EMPTY_SET", ArgKind::kNone);
  set(kOpAddItems, "ADDITEMS", ArgKind::kNone);
  set(kOpFrozenSet, "FROZENSET", ArgKind::kNone);
  set(kOpNewObjEx, "NEWOBJ_EX", ArgKind::kNone);
  set(kOpStackGlobal, "STACK_GLOBAL", ArgKind::kNone);
  set(kOpMemoize, "MEMOIZE", ArgKind::kNone);
  set(kOpFrame, "FRAME", ArgKind::kFixed8);
  set(kOpByteArray8, "BYTEARRAY8", ArgKind::kCount8);
  set(kOpNextBuffer, "NEXT_BUFFER", ArgKind::kNone);
  set(kOpReadOnlyBuffer, "READONLY_BUFFER", ArgKind::kNone);
  return t;
}

constexpr std::array<OpInfo, 256> kOps = MakeOpTable();

constexpr int kHighestProtocol = 5;
// The legacy torch.save stream: magic, protocol, sys_info, the object, the storage keys.
constexpr int kLegacyPickles = 5;
// 0x1950a86a20f9469cfc6c as LONG1 encodes it: 10 bytes, little-endian two's complement.
constexpr std::string_view kLegacyMagic = "\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19";

// Model bounds: strings longer than this are not kept on the model stack (no module name is).
constexpr size_t kMaxModelString = 1024;
constexpr size_t kMaxStack = 1 << 16;
constexpr size_t kMaxMemoStrings = 1 << 16;
constexpr uint64_t kDenseMemoKeys = 1 << 22;
constexpr size_t kMaxSparseMemoKeys = 1 << 16;
// Distinct imports kept; past this the scan stops with TooLarge.
constexpr size_t kMaxImports = 1 << 16;
// Module and name strings are kept cut to this length in the report.
constexpr size_t kMaxNameBytes = 1024;

// ----------------------------------------------------------------------------------------------
// Stack and memo model: exact for strings, "other" for everything else.

struct Value {
  enum Kind : uint8_t { kOther, kString, kMark };
  Kind kind = kOther;
  std::string str;
};

class StackModel {
 public:
  void Push(Value v) {
    // Deep stacks only matter for deep pops; drop the bottom so memory stays bounded. Values
    // popped from below the kept part read as "other", which only makes STACK_GLOBAL unresolved.
    if (items_.size() >= kMaxStack) items_.erase(items_.begin(), items_.begin() + kMaxStack / 2);
    items_.push_back(std::move(v));
  }
  void PushOther() { Push(Value{}); }
  Value Pop() {
    if (items_.empty()) return Value{};
    Value v = std::move(items_.back());
    items_.pop_back();
    return v;
  }
  void Pop(int n) {
    for (int i = 0; i < n; ++i) (void)Pop();
  }
  // Pops everything above the topmost mark, and the mark.
  void PopMark() {
    for (size_t i = items_.size(); i > 0; --i) {
      if (items_[i - 1].kind == Value::kMark) {
        items_.resize(i - 1);
        return;
      }
    }
    items_.clear();
  }
  const Value* Top() const { return items_.empty() ? nullptr : &items_.back(); }
  void Clear() { items_.clear(); }

 private:
  std::vector<Value> items_;
};

class MemoModel {
 public:
  void Put(uint64_t key, const Value* top) {
    NoteKey(key);
    if (top != nullptr && top->kind == Value::kString) {
      auto it = strings_.find(key);
      if (it != strings_.end()) {
        it->second = top->str;
      } else if (strings_.size() < kMaxMemoStrings) {
        strings_.emplace(key, top->str);
      }
    } else {
      strings_.erase(key);
    }
  }
  // MEMOIZE stores at len(memo); if that length is no longer known, any entry may have been
  // overwritten, so nothing read back from the memo is trusted any more.
  void Memoize(const Value* top) {
    if (!len_known_) {
      unreliable_ = true;
      return;
    }
    Put(len_, top);
  }
  void MarkUnreliable() { unreliable_ = true; }
  Value Get(uint64_t key) const {
    if (unreliable_) return Value{};
    auto it = strings_.find(key);
    if (it == strings_.end()) return Value{};
    return Value{Value::kString, it->second};
  }

 private:
  void NoteKey(uint64_t key) {
    if (key < kDenseMemoKeys) {
      if (key >= dense_.size()) dense_.resize(key + 1);
      if (!dense_[key]) {
        dense_[key] = true;
        ++len_;
      }
    } else if (sparse_.count(key) == 0) {
      if (sparse_.size() < kMaxSparseMemoKeys) {
        sparse_.insert(key);
        ++len_;
      } else {
        len_known_ = false;
      }
    }
  }

  std::unordered_map<uint64_t, std::string> strings_;
  std::vector<bool> dense_;
  std::unordered_set<uint64_t> sparse_;
  uint64_t len_ = 0;
  bool len_known_ = true;
  bool unreliable_ = false;
};

// Decodes the quoted argument of STRING (Python 2 str repr): '...' or "..." with backslash
// escapes. Returns false when the escapes are ones we do not model (the value is then "other").
bool DecodeStringArg(std::string_view arg, std::string* out, bool* quoted) {
  *quoted = arg.size() >= 2 && (arg[0] == '\'' || arg[0] == '"') && arg.back() == arg[0];
  if (!*quoted) return false;
  std::string_view s = arg.substr(1, arg.size() - 2);
  out->clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out->push_back(s[i]);
      continue;
    }
    if (++i >= s.size()) return false;
    const char c = s[i];
    switch (c) {
      case '\\':
      case '\'':
      case '"':
        out->push_back(c);
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 'x': {
        if (i + 2 >= s.size()) return false;
        unsigned v = 0;
        for (int k = 1; k <= 2; ++k) {
          const char h = s[i + k];
          v <<= 4;
          if (h >= '0' && h <= '9') {
            v |= static_cast<unsigned>(h - '0');
          } else if (h >= 'a' && h <= 'f') {
            v |= static_cast<unsigned>(h - 'a' + 10);
          } else if (h >= 'A' && h <= 'F') {
            v |= static_cast<unsigned>(h - 'A' + 10);
          } else {
            return false;
          }
        }
        out->push_back(static_cast<char>(v));
        i += 2;
        break;
      }
      default:
        if (c >= '0' && c <= '7') {  // octal, up to three digits
          unsigned v = 0;
          int k = 0;
          while (k < 3 && i + k < s.size() && s[i + k] >= '0' && s[i + k] <= '7') {
            v = v * 8 + static_cast<unsigned>(s[i + k] - '0');
            ++k;
          }
          out->push_back(static_cast<char>(v & 0xff));
          i += k - 1;
          break;
        }
        return false;
    }
  }
  return true;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | ((cp >> 18) & 0x07)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// Decodes the argument of UNICODE (raw-unicode-escape: only \uXXXX and \UXXXXXXXX are escapes;
// other bytes are Latin-1 code points).
bool DecodeRawUnicodeEscape(std::string_view s, std::string* out) {
  out->clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == 'u' || s[i + 1] == 'U')) {
      const size_t digits = s[i + 1] == 'u' ? 4 : 8;
      if (i + 2 + digits > s.size()) return false;
      uint32_t cp = 0;
      for (size_t k = 0; k < digits; ++k) {
        const char h = s[i + 2 + k];
        uint32_t d;
        if (h >= '0' && h <= '9') {
          d = static_cast<uint32_t>(h - '0');
        } else if (h >= 'a' && h <= 'f') {
          d = static_cast<uint32_t>(h - 'a' + 10);
        } else if (h >= 'A' && h <= 'F') {
          d = static_cast<uint32_t>(h - 'A' + 10);
        } else {
          return false;
        }
        cp = (cp << 4) | d;
      }
      if (cp > 0x10ffff) return false;
      AppendUtf8(cp, out);
      i += 1 + digits;
    } else {
      AppendUtf8(static_cast<uint8_t>(s[i]), out);
    }
  }
  return true;
}

// Parses a memo index the way CPython's int() reads the GET/PUT text argument: surrounding
// whitespace, an optional '+', and single underscores between digits.
bool ParseMemoIndex(std::string_view s, uint64_t* v) {
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty() || s.front() == '_' || s.back() == '_') return false;
  uint64_t r = 0;
  char prev = 0;
  for (char c : s) {
    if (c == '_') {
      if (prev == '_') return false;
      prev = c;
      continue;
    }
    if (c < '0' || c > '9') return false;
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (r > (UINT64_MAX - d) / 10) return false;
    r = r * 10 + d;
    prev = c;
  }
  *v = r;
  return true;
}

std::string ArgText(const char* op, uint64_t bytes) {
  return std::string(op) + " argument of " + std::to_string(bytes) + " bytes";
}

std::string CutName(std::string_view s) {
  if (s.size() <= kMaxNameBytes) return std::string(s);
  return std::string(s.substr(0, kMaxNameBytes)) + "...";
}

// ----------------------------------------------------------------------------------------------
// The walker over one byte window of a pickle stream.

struct WalkOptions {
  bool at_eof = true;     // the window holds the whole stream
  bool can_grow = false;  // the caller can retry with a larger window
};

class Walker {
 public:
  Walker(std::string_view bytes, std::string_view member, WalkOptions opts, PickleScan* out)
      : bytes_(bytes), member_(member), opts_(opts), out_(out) {
    for (const PickleImport& imp : out_->imports) {
      seen_.emplace(imp.module + '\n' + imp.name, imp.risk);
    }
  }

  /// Walks the pickles back to back. need_more() says the window was too short to decide.
  Status Run();
  bool need_more() const { return need_more_; }
  bool legacy() const { return legacy_; }

 private:
  // Walks one pickle starting at *pos up to and including its STOP.
  Status WalkOne(uint64_t* pos, bool* is_magic);
  // A truncation may only mean the window was too short; Run() decides which.
  Status Truncated(uint64_t op_pos, const std::string& what) {
    truncated_ = true;
    return Status::Corruption("truncated pickle: " + what + " runs past the end" + At(op_pos));
  }
  Status Record(std::string_view module, std::string_view name, uint64_t offset, bool unresolved);

  std::string_view bytes_;
  std::string_view member_;
  WalkOptions opts_;
  PickleScan* out_;
  std::unordered_map<std::string, PickleRisk> seen_;  // "module\nname" -> its risk
  StackModel stack_;
  MemoModel memo_;
  bool truncated_ = false;
  bool need_more_ = false;
  bool legacy_ = false;
};

Status Walker::Record(std::string_view module, std::string_view name, uint64_t offset,
                      bool unresolved) {
  std::string mod = CutName(module);
  std::string nm = CutName(name);
  std::string key = mod + '\n' + nm;
  auto it = seen_.find(key);
  // A repeated global keeps its first classification unless its name was cut (then the cut
  // key may stand for several globals, so each is classified on its full name).
  const bool cut = mod.size() != module.size() || nm.size() != name.size();
  PickleRisk risk = PickleRisk::kUnknown;
  if (it != seen_.end() && !cut) {
    risk = it->second;
  } else if (!unresolved) {
    risk = ClassifyPickleGlobal(module, name);
  }
  if (risk > out_->risk) out_->risk = risk;
  if (it != seen_.end()) {
    if (risk > it->second) {  // only for cut names: rare, so a linear fix-up is fine
      it->second = risk;
      for (PickleImport& imp : out_->imports) {
        if (imp.module == mod && imp.name == nm) imp.risk = risk;
      }
    }
    return Status::Ok();
  }
  if (out_->imports.size() >= kMaxImports) {
    return Status::TooLarge("more than " + std::to_string(kMaxImports) +
                            " distinct pickle imports" + At(offset));
  }
  seen_.emplace(std::move(key), risk);
  PickleImport imp;
  imp.module = std::move(mod);
  imp.name = std::move(nm);
  imp.member = std::string(member_);
  imp.offset = offset;
  imp.risk = risk;
  out_->imports.push_back(std::move(imp));
  return Status::Ok();
}

Status Walker::WalkOne(uint64_t* pos_io, bool* is_magic) {
  stack_.Clear();
  memo_ = MemoModel();  // every pickle.load starts with an empty memo
  const uint64_t n = bytes_.size();
  uint64_t pos = *pos_io;
  int significant = 0;  // opcodes other than PROTO and FRAME
  bool magic_long = false;
  *is_magic = false;
  while (true) {
    if (pos >= n) return Truncated(pos, "a pickle without STOP");
    const uint64_t op_pos = pos;
    const uint8_t op = static_cast<uint8_t>(bytes_[pos]);
    const OpInfo& info = kOps[op];
    if (info.name == nullptr) {
      return Status::Corruption("unknown pickle opcode " + Hex2(op) + At(op_pos));
    }
    ++pos;
    ++out_->opcodes;

    // Decode the argument; every length is checked against the bytes that remain.
    std::string_view arg;
    std::string_view arg2;
    auto need = [&](uint64_t k) { return n - pos >= k; };
    switch (info.arg) {
      case ArgKind::kNone:
        break;
      case ArgKind::kFixed1:
      case ArgKind::kFixed2:
      case ArgKind::kFixed4:
      case ArgKind::kFixed8: {
        const uint64_t k = info.arg == ArgKind::kFixed1   ? 1
                           : info.arg == ArgKind::kFixed2 ? 2
                           : info.arg == ArgKind::kFixed4 ? 4
                                                          : 8;
        if (!need(k)) return Truncated(op_pos, ArgText(info.name, k));
        arg = bytes_.substr(pos, k);
        pos += k;
        break;
      }
      case ArgKind::kLine:
      case ArgKind::kTwoLines: {
        const int lines = info.arg == ArgKind::kLine ? 1 : 2;
        for (int l = 0; l < lines; ++l) {
          const size_t nl = bytes_.find('\n', pos);
          if (nl == std::string_view::npos) {
            return Truncated(op_pos, std::string(info.name) + " text argument");
          }
          (l == 0 ? arg : arg2) = bytes_.substr(pos, nl - pos);
          pos = nl + 1;
        }
        break;
      }
      case ArgKind::kCount1:
      case ArgKind::kCount4:
      case ArgKind::kCount4Signed:
      case ArgKind::kCount8: {
        const uint64_t width = info.arg == ArgKind::kCount1   ? 1
                               : info.arg == ArgKind::kCount8 ? 8
                                                              : 4;
        if (!need(width)) return Truncated(op_pos, ArgText(info.name, width));
        uint64_t len = LoadLE(bytes_, pos, width);
        if (info.arg == ArgKind::kCount4Signed && (len & 0x80000000u) != 0) {
          return Status::Corruption(std::string(info.name) + " with a negative length" +
                                    At(op_pos));
        }
        pos += width;
        if (!need(len)) return Truncated(op_pos, ArgText(info.name, len));
        arg = bytes_.substr(pos, len);
        pos += len;
        break;
      }
    }
    if (op != kOpProto && op != kOpFrame) ++significant;

    // The stack effect of each opcode (CPython's Unpickler), strings modelled exactly.
    switch (op) {
      case kOpProto:
        if (static_cast<uint8_t>(arg[0]) > kHighestProtocol) {
          return Status::Corruption("unsupported pickle protocol " +
                                    std::to_string(static_cast<uint8_t>(arg[0])) + At(op_pos));
        }
        break;
      case kOpFrame: {
        const uint64_t frame = Le64(arg, 0);
        if (!need(frame)) return Truncated(op_pos, "FRAME of " + std::to_string(frame) + " bytes");
        break;
      }
      case kOpMark:
        stack_.Push(Value{Value::kMark, {}});
        break;
      case kOpStop:
        (void)stack_.Pop();
        *pos_io = pos;
        *is_magic = magic_long && significant == 2;
        return Status::Ok();
      case kOpPop:
        (void)stack_.Pop();
        break;
      case kOpPopMark:
        stack_.PopMark();
        break;
      case kOpDup: {
        const Value* top = stack_.Top();
        stack_.Push(top != nullptr ? *top : Value{});
        break;
      }
      case kOpLong1:
        if (significant == 1 && arg == kLegacyMagic) magic_long = true;
        stack_.PushOther();
        break;
      case kOpFloat:
      case kOpInt:
      case kOpBinInt:
      case kOpBinInt1:
      case kOpLong:
      case kOpBinInt2:
      case kOpNone:
      case kOpPersId:
      case kOpBinFloat:
      case kOpNewTrue:
      case kOpNewFalse:
      case kOpLong4:
      case kOpEmptyDict:
      case kOpEmptyList:
      case kOpEmptyTuple:
      case kOpEmptySet:
      case kOpNextBuffer:
      case kOpBinBytes:
      case kOpShortBinBytes:
      case kOpBinBytes8:
      case kOpByteArray8:
        stack_.PushOther();
        break;
      case kOpString: {
        std::string s;
        bool quoted = false;
        const bool ok = DecodeStringArg(arg, &s, &quoted);
        if (!quoted) {
          return Status::Corruption("STRING argument is not quoted" + At(op_pos));
        }
        if (ok && s.size() <= kMaxModelString) {
          stack_.Push(Value{Value::kString, std::move(s)});
        } else {
          stack_.PushOther();
        }
        break;
      }
      case kOpUnicode: {
        std::string s;
        if (arg.size() <= kMaxModelString * 4 && DecodeRawUnicodeEscape(arg, &s) &&
            s.size() <= kMaxModelString) {
          stack_.Push(Value{Value::kString, std::move(s)});
        } else {
          stack_.PushOther();
        }
        break;
      }
      case kOpBinString:
      case kOpShortBinString:
      case kOpBinUnicode:
      case kOpShortBinUnicode:
      case kOpBinUnicode8:
        if (arg.size() <= kMaxModelString) {
          stack_.Push(Value{Value::kString, std::string(arg)});
        } else {
          stack_.PushOther();
        }
        break;
      case kOpBinPersId:
      case kOpReadOnlyBuffer:
        (void)stack_.Pop();
        stack_.PushOther();
        break;
      case kOpReduce:
      case kOpNewObj:
        stack_.Pop(2);
        stack_.PushOther();
        break;
      case kOpNewObjEx:
        stack_.Pop(3);
        stack_.PushOther();
        break;
      case kOpAppend:
      case kOpBuild:
        (void)stack_.Pop();
        break;
      case kOpSetItem:
        stack_.Pop(2);
        break;
      case kOpAppends:
      case kOpSetItems:
      case kOpAddItems:
        stack_.PopMark();
        break;
      case kOpDict:
      case kOpList:
      case kOpTuple:
      case kOpFrozenSet:
      case kOpObj:
        stack_.PopMark();
        stack_.PushOther();
        break;
      case kOpTuple1:
      case kOpTuple2:
      case kOpTuple3:
        stack_.Pop(op - kOpTuple1 + 1);
        stack_.PushOther();
        break;
      case kOpGlobal: {
        Status s = Record(arg, arg2, op_pos, false);
        if (!s.ok()) return s;
        stack_.PushOther();
        break;
      }
      case kOpInst: {
        Status s = Record(arg, arg2, op_pos, false);
        if (!s.ok()) return s;
        stack_.PopMark();
        stack_.PushOther();
        break;
      }
      case kOpStackGlobal: {
        const Value name = stack_.Pop();
        const Value module = stack_.Pop();
        const bool resolved = name.kind == Value::kString && module.kind == Value::kString;
        Status s = Record(module.kind == Value::kString ? module.str : "?",
                          name.kind == Value::kString ? name.str : "?", op_pos, !resolved);
        if (!s.ok()) return s;
        stack_.PushOther();
        break;
      }
      case kOpExt1:
      case kOpExt2:
      case kOpExt4: {
        // The copyreg extension registry maps a code to any global: not resolvable here.
        Status s =
            Record("?", "extension " + std::to_string(LoadLE(arg, 0, arg.size())), op_pos, true);
        if (!s.ok()) return s;
        stack_.PushOther();
        break;
      }
      case kOpGet:
      case kOpBinGet:
      case kOpLongBinGet: {
        uint64_t key = 0;
        bool known = true;
        if (op == kOpGet) {
          known = ParseMemoIndex(arg, &key);
        } else {
          key = LoadLE(arg, 0, arg.size());
        }
        stack_.Push(known ? memo_.Get(key) : Value{});
        break;
      }
      case kOpPut:
      case kOpBinPut:
      case kOpLongBinPut: {
        uint64_t key = 0;
        bool known = true;
        if (op == kOpPut) {
          known = ParseMemoIndex(arg, &key);
        } else {
          key = LoadLE(arg, 0, arg.size());
        }
        // An index we cannot read may overwrite any entry: trust nothing in the memo after it.
        if (known) {
          memo_.Put(key, stack_.Top());
        } else {
          memo_.MarkUnreliable();
        }
        break;
      }
      case kOpMemoize:
        memo_.Memoize(stack_.Top());
        break;
      default:
        // Every opcode in kOps is handled above.
        return Status::Corruption("unhandled pickle opcode " + Hex2(op) + At(op_pos));
    }
  }
}

Status Walker::Run() {
  const uint64_t n = bytes_.size();
  uint64_t pos = 0;
  int done = 0;
  while (true) {
    // Pickles after the first are scanned only when they look like one (PROTO), and errors in
    // them end the scan quietly: pickle.load reads only the first. The legacy stream is the
    // exception: its five pickles are all required, and what follows them is storage bytes.
    const bool required = done == 0 || (legacy_ && done < kLegacyPickles);
    if (done > 0) {
      if (legacy_ && done >= kLegacyPickles) return Status::Ok();
      const bool looks_like_pickle = n - pos >= 2 &&
                                     static_cast<uint8_t>(bytes_[pos]) == kOpProto &&
                                     static_cast<uint8_t>(bytes_[pos + 1]) <= kHighestProtocol;
      if (!looks_like_pickle) {
        // Fewer than two bytes left in a window that is not the whole stream: cannot tell yet.
        const bool undecided = n - pos < 2 && !opts_.at_eof;
        if (undecided && opts_.can_grow) {
          need_more_ = true;
          return Status::Ok();
        }
        if (!required) return Status::Ok();
        if (undecided) {
          return Status::TooLarge("legacy pickle stream runs past the scan limit of " +
                                  std::to_string(n) + " bytes" + At(pos));
        }
        return Status::Corruption("legacy torch stream has " + std::to_string(done) + " of " +
                                  std::to_string(kLegacyPickles) + " pickles" + At(pos));
      }
    }
    truncated_ = false;
    bool is_magic = false;
    const uint64_t start = pos;
    Status s = WalkOne(&pos, &is_magic);
    if (!s.ok()) {
      if (truncated_ && !opts_.at_eof) {
        if (opts_.can_grow) {
          need_more_ = true;
          return Status::Ok();
        }
        if (required) {
          return Status::TooLarge("pickle stream runs past the scan limit of " + std::to_string(n) +
                                  " bytes" + At(start));
        }
        return Status::Ok();
      }
      return required ? s : Status::Ok();
    }
    if (done == 0 && is_magic) legacy_ = true;
    ++done;
    if (pos >= n && opts_.at_eof && !(legacy_ && done < kLegacyPickles)) return Status::Ok();
  }
}

// Walks a window of a stream; see WalkOptions.
Status WalkWindow(std::string_view window, std::string_view member, WalkOptions opts,
                  PickleScan* out, bool* need_more, bool* legacy) {
  Walker walker(window, member, opts, out);
  Status s = walker.Run();
  *need_more = walker.need_more();
  *legacy = walker.legacy();
  if (!s.ok() && !member.empty()) return s.WithContext(member);
  return s;
}

// ----------------------------------------------------------------------------------------------
// ZIP (torch.save since PyTorch 1.6): central directory, then the *.pkl members.

constexpr std::string_view kLocalSig = "PK\x03\x04";
constexpr std::string_view kCentralSig = "PK\x01\x02";
constexpr std::string_view kEocdSig = "PK\x05\x06";
constexpr std::string_view kZip64LocatorSig = "PK\x06\x07";
constexpr std::string_view kZip64EocdSig = "PK\x06\x06";
constexpr uint64_t kEocdBytes = 22;
constexpr uint64_t kMaxCommentBytes = 65535;
constexpr uint64_t kCentralBytes = 46;
constexpr uint64_t kLocalBytes = 30;
constexpr size_t kMaxPickleMembers = 256;
constexpr uint64_t kInflateChunk = 64 * 1024;

struct ZipMember {
  std::string name;
  uint16_t flags = 0;
  uint16_t method = 0;
  uint32_t crc = 0;
  uint64_t compressed = 0;
  uint64_t uncompressed = 0;
  uint64_t local_offset = 0;
};

struct CentralDir {
  uint64_t entries = 0;
  uint64_t size = 0;
  uint64_t offset = 0;
  uint64_t end = 0;  // where the records after the directory start (EOCD or ZIP64 EOCD)
};

Status FindCentralDir(ByteSource* src, CentralDir* cd) {
  const uint64_t size = src->size();
  if (size < kEocdBytes) return Status::Corruption("ZIP shorter than its end record");
  const uint64_t tail_len = std::min(size, kMaxCommentBytes + kEocdBytes);
  const uint64_t tail_off = size - tail_len;
  std::string tail;
  Status s = src->Read(tail_off, tail_len, &tail);
  if (!s.ok()) return s;
  // Search backwards: the last signature whose comment fits is the end record.
  uint64_t eocd = UINT64_MAX;
  for (uint64_t i = tail_len - kEocdBytes + 1; i > 0; --i) {
    const uint64_t p = i - 1;
    if (std::string_view(tail).substr(p, 4) != kEocdSig) continue;
    if (p + kEocdBytes + Le16(tail, p + 20) <= tail_len) {
      eocd = p;
      break;
    }
  }
  if (eocd == UINT64_MAX) return Status::Corruption("ZIP end of central directory not found");
  const uint64_t eocd_abs = tail_off + eocd;
  const std::string_view e = std::string_view(tail).substr(eocd, kEocdBytes);
  if (Le16(e, 4) != 0 || Le16(e, 6) != 0) {
    return Status::Unsupported("multi-disk ZIP archive" + At(eocd_abs));
  }
  cd->entries = Le16(e, 10);
  cd->size = Le32(e, 12);
  cd->offset = Le32(e, 16);
  cd->end = eocd_abs;
  // ZIP64: the locator sits just before the end record and points at the ZIP64 end record.
  if (eocd_abs >= 20) {
    std::string loc;
    s = src->Read(eocd_abs - 20, 20, &loc);
    if (!s.ok()) return s;
    if (std::string_view(loc).substr(0, 4) == kZip64LocatorSig) {
      const uint64_t z64 = Le64(loc, 8);
      if (z64 > eocd_abs - 20 || eocd_abs - 20 - z64 < 56) {
        return Status::Corruption("ZIP64 end record offset " + std::to_string(z64) +
                                  " is out of range" + At(eocd_abs - 20));
      }
      std::string rec;
      s = src->Read(z64, 56, &rec);
      if (!s.ok()) return s;
      if (std::string_view(rec).substr(0, 4) != kZip64EocdSig) {
        return Status::Corruption("bad ZIP64 end record signature" + At(z64));
      }
      cd->entries = Le64(rec, 32);
      cd->size = Le64(rec, 40);
      cd->offset = Le64(rec, 48);
      cd->end = z64;
    }
  }
  if (cd->offset > cd->end || cd->size > cd->end - cd->offset) {
    return Status::Corruption("ZIP central directory (" + std::to_string(cd->size) +
                              " bytes at byte " + std::to_string(cd->offset) +
                              ") overlaps its end record" + At(cd->end));
  }
  return Status::Ok();
}

// Applies the ZIP64 extended information extra field (id 0x0001) to the saturated fields.
Status ApplyZip64Extra(std::string_view extra, uint64_t entry_pos, bool need_usize, bool need_csize,
                       bool need_offset, ZipMember* m) {
  size_t p = 0;
  while (extra.size() - p >= 4) {
    const uint16_t id = Le16(extra, p);
    const uint16_t len = Le16(extra, p + 2);
    if (len > extra.size() - p - 4) break;  // a bad extra field: ignore the rest
    if (id == 1) {
      std::string_view d = extra.substr(p + 4, len);
      size_t q = 0;
      auto take = [&](uint64_t* v) {
        if (d.size() - q < 8) return false;
        *v = Le64(d, q);
        q += 8;
        return true;
      };
      if ((need_usize && !take(&m->uncompressed)) || (need_csize && !take(&m->compressed)) ||
          (need_offset && !take(&m->local_offset))) {
        return Status::Corruption("ZIP64 extra field of " + m->name + " is too short" +
                                  At(entry_pos));
      }
      return Status::Ok();
    }
    p += 4 + len;
  }
  if (need_usize || need_csize || need_offset) {
    return Status::Corruption("ZIP member " + m->name + " has saturated sizes but no ZIP64 field" +
                              At(entry_pos));
  }
  return Status::Ok();
}

Status ReadCentralDir(ByteSource* src, const CentralDir& cd, const Limits& limits,
                      std::vector<ZipMember>* picks) {
  if (cd.entries > limits.zip_entries) {
    return Status::TooLarge("ZIP declares " + std::to_string(cd.entries) +
                            " entries, over the limit of " + std::to_string(limits.zip_entries));
  }
  if (cd.entries > cd.size / kCentralBytes) {
    return Status::Corruption("ZIP declares " + std::to_string(cd.entries) +
                              " entries but its central directory has only " +
                              std::to_string(cd.size) + " bytes" + At(cd.offset));
  }
  const uint64_t cd_end = cd.offset + cd.size;
  ByteCursor cur(src, cd.offset);
  std::string fixed;
  std::string extra;
  for (uint64_t i = 0; i < cd.entries; ++i) {
    const uint64_t entry_pos = cur.offset();
    if (cd_end - entry_pos < kCentralBytes) {
      return Status::Corruption("ZIP central directory ends after " + std::to_string(i) + " of " +
                                std::to_string(cd.entries) + " declared entries" + At(entry_pos));
    }
    Status s = cur.ReadBytes(kCentralBytes, &fixed);
    if (!s.ok()) return s;
    if (std::string_view(fixed).substr(0, 4) != kCentralSig) {
      return Status::Corruption("ZIP central directory entry " + std::to_string(i) + " of " +
                                std::to_string(cd.entries) + " has a bad signature" +
                                At(entry_pos));
    }
    const uint64_t name_len = Le16(fixed, 28);
    const uint64_t extra_len = Le16(fixed, 30);
    const uint64_t comment_len = Le16(fixed, 32);
    if (name_len + extra_len + comment_len > cd_end - cur.offset()) {
      return Status::Corruption("ZIP central directory entry " + std::to_string(i) +
                                " runs past the directory" + At(entry_pos));
    }
    ZipMember m;
    s = cur.ReadBytes(name_len, &m.name);
    if (!s.ok()) return s;
    s = cur.ReadBytes(extra_len, &extra);
    if (!s.ok()) return s;
    s = cur.Skip(comment_len);
    if (!s.ok()) return s;
    if (m.name.empty() || m.name.find('\0') != std::string::npos) {
      return Status::Corruption("ZIP member name is empty or holds a NUL byte" + At(entry_pos));
    }
    if (!EndsWith(m.name, ".pkl")) continue;
    m.flags = Le16(fixed, 8);
    m.method = Le16(fixed, 10);
    m.crc = Le32(fixed, 16);
    m.compressed = Le32(fixed, 20);
    m.uncompressed = Le32(fixed, 24);
    m.local_offset = Le32(fixed, 42);
    s = ApplyZip64Extra(extra, entry_pos, m.uncompressed == 0xffffffffu,
                        m.compressed == 0xffffffffu, m.local_offset == 0xffffffffu, &m);
    if (!s.ok()) return s;
    if (picks->size() >= kMaxPickleMembers) {
      return Status::TooLarge("ZIP holds more than " + std::to_string(kMaxPickleMembers) +
                              " pickle members");
    }
    picks->push_back(std::move(m));
  }
  return Status::Ok();
}

// Inflates raw deflate data, stopping as soon as the output passes the limit.
Status Inflate(ByteSource* src, uint64_t data_off, const ZipMember& m, uint64_t limit,
               std::string* out) {
  z_stream zs{};
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) return Status::IOError("zlib inflateInit2 failed");
  struct Closer {
    z_stream* z;
    ~Closer() { inflateEnd(z); }
  } closer{&zs};
  out->clear();
  out->reserve(std::min(m.uncompressed, limit));
  std::string in;
  std::string buf(kInflateChunk, '\0');
  uint64_t consumed = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (zs.avail_in == 0) {
      if (consumed >= m.compressed) {
        return Status::Corruption("deflate data of " + m.name + " ends early" +
                                  At(data_off + consumed));
      }
      const uint64_t take = std::min(kInflateChunk, m.compressed - consumed);
      Status s = src->Read(data_off + consumed, take, &in);
      if (!s.ok()) return s;
      consumed += take;
      zs.next_in = reinterpret_cast<Bytef*>(in.data());
      zs.avail_in = static_cast<uInt>(take);
    }
    zs.next_out = reinterpret_cast<Bytef*>(buf.data());
    zs.avail_out = static_cast<uInt>(buf.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      return Status::Corruption("bad deflate data in " + m.name + ": " +
                                (zs.msg != nullptr ? zs.msg : "zlib error"));
    }
    const uint64_t produced = buf.size() - zs.avail_out;
    if (out->size() + produced > limit) {
      return Status::TooLarge("ZIP member " + m.name + " inflates past the limit of " +
                              std::to_string(limit) + " bytes (declared " +
                              std::to_string(m.uncompressed) + "): a possible zip bomb");
    }
    out->append(buf, 0, produced);
  }
  return Status::Ok();
}

Status ReadMember(ByteSource* src, const ZipMember& m, const Limits& limits, std::string* out) {
  const uint64_t size = src->size();
  if ((m.flags & 1) != 0) return Status::Unsupported("ZIP member " + m.name + " is encrypted");
  if (m.method != 0 && m.method != 8) {
    return Status::Unsupported("ZIP member " + m.name + " uses compression method " +
                               std::to_string(m.method));
  }
  if (m.local_offset > size || size - m.local_offset < kLocalBytes) {
    return Status::Corruption("local header of " + m.name + " is past the end of the file" +
                              At(m.local_offset));
  }
  std::string local;
  Status s = src->Read(m.local_offset, kLocalBytes, &local);
  if (!s.ok()) return s;
  if (std::string_view(local).substr(0, 4) != kLocalSig) {
    return Status::Corruption("bad local header signature for " + m.name + At(m.local_offset));
  }
  const uint64_t data_off = m.local_offset + kLocalBytes + Le16(local, 26) + Le16(local, 28);
  if (data_off > size || m.compressed > size - data_off) {
    return Status::Corruption("ZIP member " + m.name + " (" + std::to_string(m.compressed) +
                              " bytes at byte " + std::to_string(data_off) +
                              ") runs past the end of the file (" + std::to_string(size) +
                              " bytes)");
  }
  if (m.uncompressed > limits.zip_member_bytes) {
    return Status::TooLarge("ZIP member " + m.name + " declares " + std::to_string(m.uncompressed) +
                            " bytes, over the limit of " + std::to_string(limits.zip_member_bytes));
  }
  if (m.method == 0) {
    if (m.compressed != m.uncompressed) {
      return Status::Corruption("stored ZIP member " + m.name + " has different sizes" +
                                At(m.local_offset));
    }
    s = src->Read(data_off, m.compressed, out);
  } else {
    s = Inflate(src, data_off, m, limits.zip_member_bytes, out);
  }
  if (!s.ok()) return s;
  if (out->size() != m.uncompressed) {
    return Status::Corruption("ZIP member " + m.name + " holds " + std::to_string(out->size()) +
                              " bytes but declares " + std::to_string(m.uncompressed));
  }
  uLong crc = crc32(0L, Z_NULL, 0);
  for (size_t done = 0; done < out->size();) {
    const size_t chunk = std::min<size_t>(out->size() - done, 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(out->data() + done), static_cast<uInt>(chunk));
    done += chunk;
  }
  if (static_cast<uint32_t>(crc) != m.crc) {
    return Status::Corruption("CRC mismatch in ZIP member " + m.name);
  }
  return Status::Ok();
}

Status ScanZip(ByteSource* src, const Limits& limits, PickleScan* out) {
  out->container = PickleContainer::kZip;
  CentralDir cd;
  Status s = FindCentralDir(src, &cd);
  if (!s.ok()) return s;
  std::vector<ZipMember> picks;
  s = ReadCentralDir(src, cd, limits, &picks);
  if (!s.ok()) return s;
  std::string data;
  for (const ZipMember& m : picks) {
    s = ReadMember(src, m, limits, &data);
    if (!s.ok()) return s;
    out->members.push_back(m.name);
    s = ScanPickleStream(data, m.name, limits, out);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

// A raw stream: read a window from the start, doubling it while the walker asks for more.
Status ScanRaw(ByteSource* src, const Limits& limits, PickleScan* out) {
  const uint64_t size = src->size();
  const uint64_t cap = std::min(size, limits.pickle_scan_bytes);
  uint64_t window = std::min<uint64_t>(cap, 64 * 1024);
  std::string bytes;
  while (true) {
    Status s = src->Read(0, window, &bytes);
    if (!s.ok()) return s;
    PickleScan attempt = *out;
    WalkOptions opts;
    opts.at_eof = window == size;
    opts.can_grow = window < cap;
    bool need_more = false;
    bool legacy = false;
    s = WalkWindow(bytes, "", opts, &attempt, &need_more, &legacy);
    if (need_more) {
      window = std::min(cap, window * 2);
      continue;
    }
    *out = std::move(attempt);
    out->container = legacy ? PickleContainer::kLegacy : PickleContainer::kPlain;
    return s;
  }
}

}  // namespace

std::string_view PickleRiskName(PickleRisk risk) {
  switch (risk) {
    case PickleRisk::kSafe:
      return "safe";
    case PickleRisk::kUnknown:
      return "unknown";
    case PickleRisk::kDangerous:
      return "dangerous";
  }
  return "unknown";
}

PickleRisk ClassifyPickleGlobal(std::string_view module, std::string_view name) {
  if (module.empty() || name.empty() || module == "?") return PickleRisk::kUnknown;
  const std::vector<std::string_view> mod_parts = SplitDots(module);
  const std::vector<std::string_view> name_parts = SplitDots(name);
  // Protocol 4 resolves dotted names by attribute traversal, so "torch" + "os.system" reaches
  // os.system: every component of the name counts, not only the module.
  if (In(kDangerousModules, mod_parts.front())) return PickleRisk::kDangerous;
  if (module.starts_with("torch.hub")) return PickleRisk::kDangerous;
  for (std::string_view part : name_parts) {
    if (In(kDangerousModules, part) || In(kCodeRunningNames, part)) return PickleRisk::kDangerous;
  }
  if (In(kBuiltinModules, module)) {
    for (std::string_view part : name_parts) {
      if (In(kDangerousBuiltins, part)) return PickleRisk::kDangerous;
    }
  }
  if (InPairs(kDangerousPairs, module, name)) return PickleRisk::kDangerous;
  if (InPairs(kSafePairs, module, name)) return PickleRisk::kSafe;
  return PickleRisk::kUnknown;
}

Status ScanPickleStream(std::string_view bytes, std::string_view member, const Limits& limits,
                        PickleScan* out) {
  WalkOptions opts;
  opts.at_eof = bytes.size() <= limits.pickle_scan_bytes;
  opts.can_grow = false;
  bool need_more = false;
  bool legacy = false;
  return WalkWindow(bytes.substr(0, std::min<uint64_t>(bytes.size(), limits.pickle_scan_bytes)),
                    member, opts, out, &need_more, &legacy);
}

Status ScanPickleFile(ByteSource* src, const Limits& limits, PickleScan* out) {
  *out = PickleScan{};
  const uint64_t size = src->size();
  if (size == 0) return Status::Corruption("empty pickle file (at byte 0)");
  std::string head;
  Status s = src->Read(0, std::min<uint64_t>(size, 4), &head);
  if (!s.ok()) return s;
  if (head == kLocalSig) return ScanZip(src, limits, out);
  return ScanRaw(src, limits, out);
}

}  // namespace openness
