#include "openness/pickle_scan.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "test_util.h"
#include "zip_writer.h"

namespace openness {
namespace {

using ::openness::testing::BuildZip;
using ::openness::testing::Le;
using ::openness::testing::ZipEntry;
using ::openness::testing::ZipOptions;

// ---- Pickle opcodes, written by hand (no Python needed) ----


std::string Proto(int p) { return std::string("\x80", 1) + static_cast<char>(p); }
std::string Global(std::string_view module, std::string_view name) {
  return "c" + std::string(module) + "\n" + std::string(name) + "\n";
}
std::string BinUnicode(std::string_view s) { return "X" + Le(s.size(), 4) + std::string(s); }
std::string ShortBinUnicode(std::string_view s) {
  return "\x8c" + Le(s.size(), 1) + std::string(s);
}
std::string BinPut(int i) { return "q" + Le(static_cast<uint64_t>(i), 1); }
std::string BinGet(int i) { return "h" + Le(static_cast<uint64_t>(i), 1); }
std::string BinInt1(int i) { return "K" + Le(static_cast<uint64_t>(i), 1); }
std::string Frame(uint64_t n) { return "\x95" + Le(n, 8); }

constexpr std::string_view kMark = "(";
constexpr std::string_view kStop = ".";
constexpr std::string_view kPop = "0";
constexpr std::string_view kReduce = "R";
constexpr std::string_view kTuple = "t";
constexpr std::string_view kTuple1 = "\x85";
constexpr std::string_view kTuple2 = "\x86";
constexpr std::string_view kEmptyTuple = ")";
constexpr std::string_view kEmptyDict = "}";
constexpr std::string_view kSetItems = "u";
constexpr std::string_view kBinPersId = "Q";
constexpr std::string_view kNewFalse = "\x89";
constexpr std::string_view kStackGlobal = "\x93";
constexpr std::string_view kMemoize = "\x94";

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view p : parts) s += p;
  return s;
}

// What torch.save writes into data.pkl for {"weight": <2x2 float tensor>}.
std::string TorchStateDictPickle() {
  const std::string persistent_id =
      Cat({kMark, BinUnicode("storage"), Global("torch", "FloatStorage"), BinUnicode("0"),
           BinUnicode("cpu"), BinInt1(4), kTuple, kBinPersId});
  return Cat({Proto(2),
              Global("collections", "OrderedDict"),
              kEmptyTuple,
              kReduce,
              BinPut(0),
              kMark,
              BinUnicode("weight"),
              BinPut(1),
              Global("torch._utils", "_rebuild_tensor_v2"),
              BinPut(2),
              kMark,
              persistent_id,
              BinInt1(0),
              BinInt1(2),
              BinInt1(2),
              kTuple2,
              BinInt1(2),
              BinInt1(1),
              kTuple2,
              kNewFalse,
              Global("collections", "OrderedDict"),
              kEmptyTuple,
              kReduce,
              kTuple,
              kReduce,
              kSetItems,
              kStop});
}

std::string OsSystemPickle() {
  return Cat({Proto(2), Global("os", "system"), BinUnicode("echo pwned"), kTuple1, kReduce, kStop});
}

std::vector<ZipEntry> TorchZipEntries(std::string pickle, bool deflate = false) {
  return {{"archive/data.pkl", std::move(pickle), deflate, std::nullopt},
          {"archive/data/0", std::string(16, '\x01'), false, std::nullopt},
          {"archive/version", "3\n", false, std::nullopt}};
}

Status ScanBytes(std::string_view bytes, PickleScan* out, const Limits& limits = DefaultLimits()) {
  auto src = MemorySource(bytes);
  return ScanPickleFile(src.get(), limits, out);
}

PickleScan ScanOrDie(std::string_view bytes) {
  PickleScan scan;
  const Status s = ScanBytes(bytes, &scan);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return scan;
}

const PickleImport* FindImport(const PickleScan& scan, std::string_view module,
                               std::string_view name) {
  for (const PickleImport& imp : scan.imports) {
    if (imp.module == module && imp.name == name) return &imp;
  }
  return nullptr;
}

// ---- Classification ----

TEST(ClassifyPickleGlobalTest, SafeList) {
  EXPECT_EQ(ClassifyPickleGlobal("torch._utils", "_rebuild_tensor_v2"), PickleRisk::kSafe);
  EXPECT_EQ(ClassifyPickleGlobal("torch._utils", "_rebuild_parameter"), PickleRisk::kSafe);
  EXPECT_EQ(ClassifyPickleGlobal("torch", "BFloat16Storage"), PickleRisk::kSafe);
  EXPECT_EQ(ClassifyPickleGlobal("torch", "HalfStorage"), PickleRisk::kSafe);
  EXPECT_EQ(ClassifyPickleGlobal("collections", "OrderedDict"), PickleRisk::kSafe);
  EXPECT_EQ(ClassifyPickleGlobal("torch", "Size"), PickleRisk::kSafe);
  EXPECT_EQ(ClassifyPickleGlobal("numpy.core.multiarray", "_reconstruct"), PickleRisk::kSafe);
  EXPECT_EQ(ClassifyPickleGlobal("numpy", "dtype"), PickleRisk::kSafe);
  EXPECT_EQ(ClassifyPickleGlobal("_codecs", "encode"), PickleRisk::kSafe);
}

TEST(ClassifyPickleGlobalTest, DangerousList) {
  EXPECT_EQ(ClassifyPickleGlobal("os", "system"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("posix", "system"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("nt", "system"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("subprocess", "Popen"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("builtins", "eval"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("__builtin__", "exec"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("builtins", "getattr"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("builtins", "__import__"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("runpy", "_run_code"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("os.path", "join"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("pickle", "loads"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("marshal", "loads"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("types", "CodeType"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("operator", "methodcaller"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("platform", "popen"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("webbrowser", "open"), PickleRisk::kDangerous);
  EXPECT_EQ(ClassifyPickleGlobal("ctypes", "CDLL"), PickleRisk::kDangerous);
  // Protocol 4 resolves dotted names by attribute traversal: torch.os is the os module.
  EXPECT_EQ(ClassifyPickleGlobal("torch", "os.system"), PickleRisk::kDangerous);
}

TEST(ClassifyPickleGlobalTest, EverythingElseIsUnknown) {
  EXPECT_EQ(ClassifyPickleGlobal("mymodel.layers", "Block"), PickleRisk::kUnknown);
  EXPECT_EQ(ClassifyPickleGlobal("torch.storage", "_load_from_bytes"), PickleRisk::kUnknown);
  EXPECT_EQ(ClassifyPickleGlobal("builtins", "print"), PickleRisk::kUnknown);
  EXPECT_EQ(ClassifyPickleGlobal("?", "eval"), PickleRisk::kUnknown);
  EXPECT_EQ(ClassifyPickleGlobal("", ""), PickleRisk::kUnknown);
  // The safe list is exact: a dotted name under a safe module is not safe.
  EXPECT_EQ(ClassifyPickleGlobal("collections", "OrderedDict.fromkeys"), PickleRisk::kUnknown);
}

TEST(ClassifyPickleGlobalTest, RiskNames) {
  EXPECT_EQ(PickleRiskName(PickleRisk::kSafe), "safe");
  EXPECT_EQ(PickleRiskName(PickleRisk::kUnknown), "unknown");
  EXPECT_EQ(PickleRiskName(PickleRisk::kDangerous), "dangerous");
}

// ---- ZIP archives written by torch.save ----

TEST(PickleScanTest, SafeTorchZip) {
  const std::string zip = BuildZip(TorchZipEntries(TorchStateDictPickle()));
  const PickleScan scan = ScanOrDie(zip);
  EXPECT_EQ(scan.container, PickleContainer::kZip);
  EXPECT_EQ(scan.members, std::vector<std::string>{"archive/data.pkl"});
  EXPECT_EQ(scan.risk, PickleRisk::kSafe);
  ASSERT_EQ(scan.imports.size(), 3u);  // OrderedDict appears twice but is listed once
  EXPECT_EQ(scan.imports[0].module, "collections");
  EXPECT_EQ(scan.imports[0].name, "OrderedDict");
  EXPECT_EQ(scan.imports[0].member, "archive/data.pkl");
  EXPECT_EQ(scan.imports[0].offset, 2u);
  EXPECT_NE(FindImport(scan, "torch._utils", "_rebuild_tensor_v2"), nullptr);
  EXPECT_NE(FindImport(scan, "torch", "FloatStorage"), nullptr);
  EXPECT_GT(scan.opcodes, 30u);
}

TEST(PickleScanTest, ZipStorageBytesAreNotRead) {
  std::vector<ZipEntry> entries = TorchZipEntries(TorchStateDictPickle());
  entries.insert(entries.begin() + 1,
                 ZipEntry{"archive/data/1", std::string(1 << 20, 'w'), false, std::nullopt});
  const std::string zip = BuildZip(entries);
  auto src = MemorySource(zip);
  PickleScan scan;
  ASSERT_OK(ScanPickleFile(src.get(), DefaultLimits(), &scan));
  EXPECT_EQ(scan.risk, PickleRisk::kSafe);
  EXPECT_LT(src->bytes_read(), 200u * 1024);
}

TEST(PickleScanTest, DeflatedDataPkl) {
  const std::string pickle =
      Cat({Proto(2), Global("posix", "system"), BinUnicode("id"), kTuple1, kReduce, kStop});
  const std::string zip = BuildZip(TorchZipEntries(pickle, /*deflate=*/true));
  const PickleScan scan = ScanOrDie(zip);
  EXPECT_EQ(scan.container, PickleContainer::kZip);
  EXPECT_EQ(scan.members, std::vector<std::string>{"archive/data.pkl"});
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  ASSERT_NE(FindImport(scan, "posix", "system"), nullptr);
}

TEST(PickleScanTest, EveryPklMemberIsScanned) {
  std::vector<ZipEntry> entries = TorchZipEntries(TorchStateDictPickle());
  entries.push_back({"archive/constants.pkl", OsSystemPickle(), true, std::nullopt});
  const PickleScan scan = ScanOrDie(BuildZip(entries));
  EXPECT_EQ(scan.members, (std::vector<std::string>{"archive/data.pkl", "archive/constants.pkl"}));
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  const PickleImport* imp = FindImport(scan, "os", "system");
  ASSERT_NE(imp, nullptr);
  EXPECT_EQ(imp->member, "archive/constants.pkl");
}

TEST(PickleScanTest, Zip64Records) {
  ZipOptions opts;
  opts.zip64 = true;
  const PickleScan scan = ScanOrDie(BuildZip(TorchZipEntries(TorchStateDictPickle()), opts));
  EXPECT_EQ(scan.container, PickleContainer::kZip);
  EXPECT_EQ(scan.members, std::vector<std::string>{"archive/data.pkl"});
  EXPECT_EQ(scan.risk, PickleRisk::kSafe);
}

TEST(PickleScanTest, ZipBombIsReportedNotInflated) {
  // Declared 100 bytes; inflates to 2 MiB of NONE opcodes, over a 1 MiB member limit.
  std::vector<ZipEntry> entries = {
      {"archive/data.pkl", Proto(2) + std::string(2 << 20, 'N') + ".", true, 100}};
  const std::string zip = BuildZip(entries);
  EXPECT_LT(zip.size(), 16u * 1024);
  Limits limits;
  limits.zip_member_bytes = 1 << 20;
  PickleScan scan;
  const Status s = ScanBytes(zip, &scan, limits);
  EXPECT_EQ(s.code(), Status::Code::kTooLarge) << s.ToString();
  EXPECT_NE(s.message().find("zip bomb"), std::string::npos) << s.message();
}

TEST(PickleScanTest, DeclaredMemberSizeOverLimit) {
  std::vector<ZipEntry> entries = {
      {"archive/data.pkl", TorchStateDictPickle(), true, uint64_t{5} << 20}};
  Limits limits;
  limits.zip_member_bytes = 1 << 20;
  PickleScan scan;
  EXPECT_EQ(ScanBytes(BuildZip(entries), &scan, limits).code(), Status::Code::kTooLarge);
}

TEST(PickleScanTest, CentralDirectoryCountLies) {
  ZipOptions opts;
  opts.declared_count = 40;
  PickleScan scan;
  const Status s = ScanBytes(BuildZip(TorchZipEntries(TorchStateDictPickle()), opts), &scan);
  EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();

  // A count that fits the directory size but runs into the end record.
  opts.declared_count = 4;
  std::vector<ZipEntry> entries = TorchZipEntries(TorchStateDictPickle());
  entries[1].name = std::string(200, 'n');  // room for a fourth fixed-size record
  const Status s2 = ScanBytes(BuildZip(entries, opts), &scan);
  EXPECT_EQ(s2.code(), Status::Code::kCorruption) << s2.ToString();
}

TEST(PickleScanTest, TooManyZipEntries) {
  Limits limits;
  limits.zip_entries = 2;
  PickleScan scan;
  const Status s = ScanBytes(BuildZip(TorchZipEntries(TorchStateDictPickle())), &scan, limits);
  EXPECT_EQ(s.code(), Status::Code::kTooLarge) << s.ToString();
}

TEST(PickleScanTest, ZipCrcMismatch) {
  std::string zip = BuildZip(TorchZipEntries(TorchStateDictPickle()));
  const size_t at = zip.find("weight");
  ASSERT_NE(at, std::string::npos);
  zip[at] = 'W';
  PickleScan scan;
  EXPECT_EQ(ScanBytes(zip, &scan).code(), Status::Code::kCorruption);
}

TEST(PickleScanTest, ZipMemberPastEndOfFile) {
  std::string zip = BuildZip(TorchZipEntries(TorchStateDictPickle()));
  // Make data.pkl's central record claim a compressed size far past the end of the file.
  const size_t cd = zip.find("PK\x01\x02");
  ASSERT_NE(cd, std::string::npos);
  zip.replace(cd + 20, 4, Le(1u << 30, 4));
  PickleScan scan;
  const Status s = ScanBytes(zip, &scan);
  EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();
}

TEST(PickleScanTest, ZipEncryptedOrUnknownMethodIsUnsupported) {
  std::string zip = BuildZip(TorchZipEntries(TorchStateDictPickle()));
  const size_t cd = zip.find("PK\x01\x02");
  ASSERT_NE(cd, std::string::npos);
  PickleScan scan;
  std::string encrypted = zip;
  encrypted[cd + 8] = '\x01';  // general purpose flag bit 0
  EXPECT_EQ(ScanBytes(encrypted, &scan).code(), Status::Code::kUnsupported);
  std::string bzip2 = zip;
  bzip2[cd + 10] = '\x0c';  // method 12
  EXPECT_EQ(ScanBytes(bzip2, &scan).code(), Status::Code::kUnsupported);
}

TEST(PickleScanTest, ZipWithoutEndRecord) {
  PickleScan scan;
  const std::string zip = BuildZip(TorchZipEntries(TorchStateDictPickle()));
  EXPECT_EQ(ScanBytes(zip.substr(0, zip.size() - 22), &scan).code(), Status::Code::kCorruption);
}

// ---- Raw pickle streams ----

TEST(PickleScanTest, OsSystemViaGlobal) {
  const PickleScan scan = ScanOrDie(OsSystemPickle());
  EXPECT_EQ(scan.container, PickleContainer::kPlain);
  EXPECT_TRUE(scan.members.empty());
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  ASSERT_EQ(scan.imports.size(), 1u);
  EXPECT_EQ(scan.imports[0].module, "os");
  EXPECT_EQ(scan.imports[0].name, "system");
  EXPECT_EQ(scan.imports[0].offset, 2u);
  EXPECT_EQ(scan.imports[0].risk, PickleRisk::kDangerous);
  EXPECT_EQ(scan.opcodes, 6u);
}

TEST(PickleScanTest, EvalViaStackGlobalShortBinUnicode) {
  const std::string body = Cat({ShortBinUnicode("builtins"), kMemoize, ShortBinUnicode("eval"),
                                kMemoize, kStackGlobal, kMemoize, ShortBinUnicode("1+1"), kMemoize,
                                kTuple1, kMemoize, kReduce, kMemoize, kStop});
  const PickleScan scan = ScanOrDie(Cat({Proto(4), Frame(body.size()), body}));
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  const PickleImport* imp = FindImport(scan, "builtins", "eval");
  ASSERT_NE(imp, nullptr);
  EXPECT_EQ(imp->offset, 2u + 9 + 10 + 1 + 6 + 1);
}

TEST(PickleScanTest, EvalViaStackGlobalBinUnicode) {
  const PickleScan scan = ScanOrDie(Cat({Proto(4), BinUnicode("builtins"), BinUnicode("eval"),
                                         kStackGlobal, BinUnicode("1"), kTuple1, kReduce, kStop}));
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  EXPECT_NE(FindImport(scan, "builtins", "eval"), nullptr);
}

TEST(PickleScanTest, EvalViaMemoBinGet) {
  // The strings are memoised and popped, then fetched back with BINGET.
  const PickleScan scan =
      ScanOrDie(Cat({Proto(4), BinUnicode("builtins"), BinPut(1), kPop, BinUnicode("eval"),
                     BinPut(2), kPop, kEmptyDict, BinGet(1), BinGet(2), kStackGlobal, kStop}));
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  EXPECT_NE(FindImport(scan, "builtins", "eval"), nullptr);
}

TEST(PickleScanTest, EvalViaMemoizeAndGet) {
  // Protocol 0 GET with a text index reads what MEMOIZE stored at len(memo).
  const PickleScan scan = ScanOrDie(
      Cat({Proto(4), ShortBinUnicode("x"), kMemoize, kPop, ShortBinUnicode("builtins"), kMemoize,
           kPop, ShortBinUnicode("exec"), kMemoize, kPop, "g1\n", "g2\n", kStackGlobal, kStop}));
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  EXPECT_NE(FindImport(scan, "builtins", "exec"), nullptr);
}

TEST(PickleScanTest, TextMemoIndexesReadLikePythonInt) {
  const PickleScan scan = ScanOrDie("S'builtins'\np1\n0S'eval'\np 2 \n0g+1\ng2\n\x93.");
  EXPECT_NE(FindImport(scan, "builtins", "eval"), nullptr);
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
}

TEST(PickleScanTest, UnreadablePutIndexDropsMemoTrust) {
  // After a PUT whose index we cannot read, a GET is not trusted to name the old string.
  const PickleScan scan = ScanOrDie("S'collections'\np1\n0Np\xd9\xa1\n0g1\nS'x'\n\x93.");
  ASSERT_EQ(scan.imports.size(), 1u);
  EXPECT_EQ(scan.imports[0].module, "?");
}

TEST(PickleScanTest, StackModelFollowsPops) {
  // "junk" is popped, so STACK_GLOBAL takes builtins.eval, not eval.junk.
  const PickleScan scan =
      ScanOrDie(Cat({Proto(4), ShortBinUnicode("builtins"), ShortBinUnicode("eval"),
                     ShortBinUnicode("junk"), kPop, kStackGlobal, kStop}));
  EXPECT_NE(FindImport(scan, "builtins", "eval"), nullptr);
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
}

TEST(PickleScanTest, OverwrittenMemoEntryIsNotTrusted) {
  // Slot 1 first holds "collections", then a dict: BINGET 1 is no longer a string.
  const PickleScan scan = ScanOrDie(
      Cat({Proto(4), ShortBinUnicode("collections"), BinPut(1), kPop, kEmptyDict, BinPut(1), kPop,
           BinGet(1), ShortBinUnicode("OrderedDict"), kStackGlobal, kStop}));
  ASSERT_EQ(scan.imports.size(), 1u);
  EXPECT_EQ(scan.imports[0].module, "?");
  EXPECT_EQ(scan.imports[0].name, "OrderedDict");
  EXPECT_EQ(scan.risk, PickleRisk::kUnknown);
}

TEST(PickleScanTest, ProtocolZeroText) {
  const PickleScan scan = ScanOrDie("cos\nsystem\n(S'ls'\ntR.");
  EXPECT_EQ(scan.container, PickleContainer::kPlain);
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  ASSERT_EQ(scan.imports.size(), 1u);
  EXPECT_EQ(scan.imports[0].module, "os");
  EXPECT_EQ(scan.imports[0].name, "system");
  EXPECT_EQ(scan.imports[0].offset, 0u);
  EXPECT_EQ(scan.opcodes, 6u);
}

TEST(PickleScanTest, InstOpcode) {
  const PickleScan scan = ScanOrDie("(S'id'\nisubprocess\ncheck_output\n.");
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  EXPECT_NE(FindImport(scan, "subprocess", "check_output"), nullptr);
}

TEST(PickleScanTest, EscapedTextStringsResolve) {
  // STRING with \x escapes and UNICODE with \u escapes still name the module.
  const PickleScan scan = ScanOrDie(Cat({"S'o\\x73'\n", "Vsyst\\u0065m\n", kStackGlobal, kStop}));
  EXPECT_NE(FindImport(scan, "os", "system"), nullptr);
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
}

TEST(PickleScanTest, UnknownGlobal) {
  const PickleScan scan =
      ScanOrDie(Cat({Proto(2), Global("mymodel.layers", "Block"), kEmptyTuple, kReduce, kStop}));
  EXPECT_EQ(scan.risk, PickleRisk::kUnknown);
  ASSERT_EQ(scan.imports.size(), 1u);
  EXPECT_EQ(scan.imports[0].risk, PickleRisk::kUnknown);
}

TEST(PickleScanTest, UnresolvableStackGlobal) {
  const PickleScan scan = ScanOrDie(Cat({Proto(4), BinInt1(1), BinInt1(2), kStackGlobal, kStop}));
  ASSERT_EQ(scan.imports.size(), 1u);
  EXPECT_EQ(scan.imports[0].module, "?");
  EXPECT_EQ(scan.imports[0].risk, PickleRisk::kUnknown);
  EXPECT_EQ(scan.risk, PickleRisk::kUnknown);
}

TEST(PickleScanTest, EveryOpcodeStaysInSync) {
  // One of each opcode with a valid argument; the final GLOBAL is only seen if the walker
  // decoded every argument length correctly.
  const std::string s = Cat({Proto(5),
                             Frame(0),
                             kMark,
                             "F1.5\n",
                             "I42\n",
                             "J" + Le(7, 4),
                             BinInt1(1),
                             "M" + Le(300, 2),
                             "L12345678901234567890L\n",
                             "N",
                             "\x88",
                             "\x89",
                             "\x8a\x02\x01\x02",
                             "\x8b" + Le(3, 4) + "abc",
                             "G" + Le(0, 8),
                             "S'str'\n",
                             "T" + Le(3, 4) + "abc",
                             "U\x03"
                             "abc",
                             "Vuni\n",
                             BinUnicode("bu"),
                             ShortBinUnicode("sbu"),
                             "\x8d" + Le(2, 8) + "u8",
                             "B" + Le(2, 4) + "bb",
                             "C\x02"
                             "cc",
                             "\x8e" + Le(3, 8) + "b8b",
                             "\x96" + Le(1, 8) + "a",
                             "\x97",
                             "\x98",
                             "Ppid\n",
                             "N",
                             "Q",
                             "\x82\x01",
                             "\x83" + Le(2, 2),
                             "\x84" + Le(3, 4),
                             "p5\n",
                             "g5\n",
                             BinPut(6),
                             BinGet(6),
                             "r" + Le(7, 4),
                             "j" + Le(7, 4),
                             kMemoize,
                             "2",
                             "0",
                             "1",  // DUP, POP, POP_MARK
                             "]",
                             "(",
                             "N",
                             "e",
                             "(",
                             "N",
                             "l",
                             "a",
                             ")",
                             "(",
                             "N",
                             "t",
                             kTuple1,
                             "N",
                             "N",
                             kTuple2,
                             "N",
                             "N",
                             "N",
                             "\x87",
                             "}",
                             "(",
                             "N",
                             "N",
                             "u",
                             "N",
                             "N",
                             "s",
                             "(",
                             "d",
                             "\x8f",
                             "(",
                             "N",
                             "\x90",
                             "(",
                             "N",
                             "\x91",
                             "}",
                             "b",
                             "(",
                             "N",
                             "o",
                             "N",
                             ")",
                             "\x81",
                             "N",
                             ")",
                             "}",
                             "\x92",
                             "N",
                             ")",
                             "R",
                             kStop});
  const std::string tail = Cat({Proto(2), Global("os", "system"), kStop});
  const PickleScan scan = ScanOrDie(s + tail);
  EXPECT_NE(FindImport(scan, "os", "system"), nullptr);
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
}

TEST(PickleScanTest, TrailingBytesAfterStopAreIgnored) {
  const PickleScan scan = ScanOrDie(OsSystemPickle() + std::string("\x00\x01 junk", 7));
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  EXPECT_EQ(scan.imports.size(), 1u);
}

TEST(PickleScanTest, PicklesBackToBack) {
  const std::string first = Cat({Proto(2), Global("collections", "OrderedDict"), kStop});
  const PickleScan scan = ScanOrDie(first + OsSystemPickle());
  EXPECT_EQ(scan.container, PickleContainer::kPlain);
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  const PickleImport* imp = FindImport(scan, "os", "system");
  ASSERT_NE(imp, nullptr);
  EXPECT_EQ(imp->offset, first.size() + 2);
}

// The legacy stream: magic, protocol, sys_info, object, storage keys, then raw storage bytes.
std::string LegacyStream(std::string_view storage) {
  const std::string magic =
      Cat({Proto(2), "\x8a\x0a", "\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", kStop});
  const std::string protocol = Cat({Proto(2), "M" + Le(1001, 2), kStop});
  const std::string sys_info =
      Cat({Proto(2), kEmptyDict, BinPut(0), BinUnicode("little_endian"), "\x88", "s", kStop});
  const std::string keys = Cat({Proto(2), "]", BinPut(0), BinUnicode("0"), "a", kStop});
  return magic + protocol + sys_info + TorchStateDictPickle() + keys + std::string(storage);
}

TEST(PickleScanTest, LegacyStream) {
  // The storage starts with an element count whose bytes look like PROTO 2.
  std::string storage = Le(0x0280, 8) + std::string(0x0280 * 4, '\0');
  const PickleScan scan = ScanOrDie(LegacyStream(storage));
  EXPECT_EQ(scan.container, PickleContainer::kLegacy);
  EXPECT_EQ(scan.risk, PickleRisk::kSafe);
  EXPECT_EQ(scan.imports.size(), 3u);
}

TEST(PickleScanTest, LegacyStorageBytesAreNotRead) {
  const std::string file = LegacyStream(Le(1 << 20, 8) + std::string(4 << 20, '\0'));
  auto src = MemorySource(file);
  PickleScan scan;
  ASSERT_OK(ScanPickleFile(src.get(), DefaultLimits(), &scan));
  EXPECT_EQ(scan.container, PickleContainer::kLegacy);
  EXPECT_LT(src->bytes_read(), 128u * 1024);
}

TEST(PickleScanTest, LegacyStreamMissingPickles) {
  const std::string file = LegacyStream("");
  const size_t object_start = file.find(TorchStateDictPickle());
  ASSERT_NE(object_start, std::string::npos);
  PickleScan scan;
  const Status s = ScanBytes(file.substr(0, object_start), &scan);
  EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();
}

TEST(PickleScanTest, WindowGrowsForLongPickles) {
  // A 300 KB bytes constant pushes the GLOBAL past the first read window.
  const std::string file = Cat({Proto(3), "B" + Le(300 * 1024, 4), std::string(300 * 1024, 'x'),
                                kPop, Global("os", "system"), kStop});
  const PickleScan scan = ScanOrDie(file);
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  EXPECT_EQ(scan.imports.size(), 1u);
}

TEST(PickleScanTest, PickleLongerThanScanLimit) {
  const std::string file = Cat({Proto(3), "B" + Le(300 * 1024, 4), std::string(300 * 1024, 'x'),
                                kPop, Global("os", "system"), kStop});
  Limits limits;
  limits.pickle_scan_bytes = 100 * 1024;
  PickleScan scan;
  EXPECT_EQ(ScanBytes(file, &scan, limits).code(), Status::Code::kTooLarge);
  PickleScan stream_scan;
  EXPECT_EQ(ScanPickleStream(file, "", limits, &stream_scan).code(), Status::Code::kTooLarge);
}

// ---- Malformed streams ----

TEST(PickleScanTest, TruncatedOpcodeArgument) {
  PickleScan scan;
  const Status s = ScanBytes(std::string("\x80\x02X\x10\x00\x00\x00"
                                         "abc",
                                         10),
                             &scan);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("BINUNICODE"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("(at byte 2)"), std::string::npos) << s.message();
}

TEST(PickleScanTest, TruncatedLengthPrefix) {
  PickleScan scan;
  EXPECT_EQ(ScanBytes(std::string("\x80\x04\x8d\x01\x00", 5), &scan).code(),
            Status::Code::kCorruption);
  EXPECT_EQ(ScanBytes("cos\nsys", &scan).code(), Status::Code::kCorruption);
}

TEST(PickleScanTest, UnknownOpcode) {
  PickleScan scan;
  const Status s = ScanBytes("\x80\x02\xff.", &scan);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("unknown pickle opcode 0xff (at byte 2)"), std::string::npos)
      << s.message();
}

TEST(PickleScanTest, UnknownOpcodeInZipMemberNamesTheMember) {
  PickleScan scan;
  const Status s = ScanBytes(BuildZip(TorchZipEntries("\x80\x02\xff.")), &scan);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("archive/data.pkl"), std::string::npos) << s.message();
}

TEST(PickleScanTest, MissingStop) {
  PickleScan scan;
  EXPECT_EQ(ScanBytes("\x80\x02N", &scan).code(), Status::Code::kCorruption);
}

TEST(PickleScanTest, NegativeLengthAndBadProtocol) {
  PickleScan scan;
  EXPECT_EQ(ScanBytes("\x80\x02T\xff\xff\xff\xff.", &scan).code(), Status::Code::kCorruption);
  EXPECT_EQ(ScanBytes("\x80\x06N.", &scan).code(), Status::Code::kCorruption);
}

TEST(PickleScanTest, EmptyFile) {
  PickleScan scan;
  EXPECT_EQ(ScanBytes("", &scan).code(), Status::Code::kCorruption);
}

TEST(PickleScanTest, ScanPickleStreamAppends) {
  PickleScan scan;
  ASSERT_OK(ScanPickleStream(TorchStateDictPickle(), "a.pkl", DefaultLimits(), &scan));
  ASSERT_OK(ScanPickleStream(OsSystemPickle(), "b.pkl", DefaultLimits(), &scan));
  ASSERT_OK(ScanPickleStream(OsSystemPickle(), "c.pkl", DefaultLimits(), &scan));
  EXPECT_EQ(scan.imports.size(), 4u);
  EXPECT_EQ(scan.risk, PickleRisk::kDangerous);
  const PickleImport* imp = FindImport(scan, "os", "system");
  ASSERT_NE(imp, nullptr);
  EXPECT_EQ(imp->member, "b.pkl");
}

}  // namespace
}  // namespace openness
