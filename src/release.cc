#include "openness/release.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "openness/byte_source.h"

namespace fs = std::filesystem;

namespace openness {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view Extension(std::string_view base) {
  size_t dot = base.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : base.substr(dot + 1);
}

bool StartsWithAny(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (s.starts_with(p)) return true;
  }
  return false;
}

bool OneOf(std::string_view s, std::initializer_list<std::string_view> options) {
  for (std::string_view o : options) {
    if (s == o) return true;
  }
  return false;
}

// Reads at most max bytes from the start of a file.
std::string ReadPrefix(const fs::path& p, size_t max) {
  std::ifstream f(p, std::ios::binary);
  std::string buf(max, '\0');
  f.read(buf.data(), static_cast<std::streamsize>(max));
  buf.resize(static_cast<size_t>(f.gcount()));
  return buf;
}

// A folder named snapshots/<sha> inside models--org--name: links into ../../blobs are expected.
fs::path AllowedLinkRoot(const fs::path& root) {
  fs::path parent = root.parent_path();
  if (parent.filename() == "snapshots") return parent.parent_path();
  return root;
}

bool Within(const fs::path& inner, const fs::path& outer) {
  auto [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return o == outer.end();
}

void ReadGitattributes(const fs::path& file, Release* out) {
  std::string text = ReadPrefix(file, 1 << 20);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    std::string_view line(text.data() + pos, (eol == std::string::npos ? text.size() : eol) - pos);
    pos = eol == std::string::npos ? text.size() : eol + 1;
    if (line.find("filter=lfs") == std::string_view::npos) continue;
    size_t sp = line.find_first_of(" \t");
    if (sp != std::string_view::npos && sp > 0) out->lfs_patterns.emplace_back(line.substr(0, sp));
  }
}

class LocalReleaseStore final : public ReleaseStore {
 public:
  explicit LocalReleaseStore(std::string root) : root_(std::move(root)) {}
  Result<std::unique_ptr<ByteSource>> Open(const std::string& rel_path) override {
    return OpenFileSource((fs::path(root_) / fs::path(rel_path)).string());
  }

 private:
  std::string root_;
};

}  // namespace

std::shared_ptr<ReleaseStore> LocalStore(std::string root) {
  return std::make_shared<LocalReleaseStore>(std::move(root));
}

std::string_view FileRoleName(FileRole role) {
  switch (role) {
    case FileRole::kWeights: return "weights";
    case FileRole::kConfig: return "config";
    case FileRole::kTokenizer: return "tokenizer";
    case FileRole::kCard: return "card";
    case FileRole::kLicense: return "license";
    case FileRole::kUsePolicy: return "use-policy";
    case FileRole::kNotice: return "notice";
    case FileRole::kCode: return "code";
    case FileRole::kData: return "data";
    case FileRole::kOther: return "other";
  }
  return "other";
}

std::string_view SourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::kLocal: return "local";
    case SourceKind::kFile: return "file";
    case SourceKind::kHub: return "hub";
    case SourceKind::kHfCache: return "hf-cache";
    case SourceKind::kOllama: return "ollama";
  }
  return "local";
}

std::string WeightsFormatOf(std::string_view rel_path) {
  const std::string base = Lower(BaseName(rel_path));
  const std::string_view ext = Extension(base);
  if (ext == "safetensors") return "safetensors";
  if (ext == "gguf") return "gguf";
  if (OneOf(ext, {"pt", "pth", "ckpt", "pkl", "pickle", "joblib"})) return "pytorch-pickle";
  // .bin is a PyTorch pickle for pytorch_model*.bin and most checkpoints, but tokenizers and
  // some runtimes use .bin for other things; the evidence stage checks the content.
  if (ext == "bin") return "pytorch-pickle";
  if (ext == "onnx") return "onnx";
  if (OneOf(ext, {"h5", "hdf5", "keras"})) return "keras";
  if (ext == "tflite") return "tflite";
  if (ext == "pb" && base == "saved_model.pb") return "tensorflow";
  if (ext == "msgpack") return "flax-msgpack";
  if (OneOf(ext, {"npy", "npz"})) return "numpy";
  if (ext == "mlmodel") return "coreml";
  if (OneOf(ext, {"ggml", "ggmf", "ggjt"})) return "ggml";
  if (ext == "ot") return "libtorch";
  if (ext == "nemo") return "nemo";
  return "";
}

FileRole ClassifyFile(std::string_view rel_path) {
  const std::string base = Lower(BaseName(rel_path));
  const std::string_view ext = Extension(base);
  // License-like names win over everything else: LICENSE.md is a license, not a card.
  if (StartsWithAny(base, {"license", "licence", "copying", "llama_license", "model_license"}) ||
      base.find("-license") != std::string::npos || base.find("_license") != std::string::npos) {
    if (OneOf(ext, {"", "md", "txt", "rst", "pdf", "html"}) || base.starts_with("license")) {
      return FileRole::kLicense;
    }
  }
  if (StartsWithAny(base, {"use_policy", "use-policy", "acceptable_use", "acceptable-use",
                           "responsible_use", "responsible-use", "prohibited_use"}) ||
      base.find("acceptable_use") != std::string::npos || base.starts_with("aup.")) {
    return FileRole::kUsePolicy;
  }
  if (StartsWithAny(base, {"notice", "attribution"})) return FileRole::kNotice;
  if (OneOf(base, {"readme.md", "model_card.md", "modelcard.md", "readme", "readme.txt"})) {
    return FileRole::kCard;
  }
  if (!WeightsFormatOf(rel_path).empty()) {
    // .bin files named after tokenizers or optimizer state are not weights we audit as such.
    if (base.find("tokenizer") != std::string::npos) return FileRole::kTokenizer;
    if (StartsWithAny(base, {"optimizer", "scheduler", "rng_state", "training_args"})) {
      return FileRole::kOther;
    }
    return FileRole::kWeights;
  }
  if (base.find("tokenizer") != std::string::npos || base.starts_with("vocab") ||
      OneOf(base, {"merges.txt", "special_tokens_map.json", "added_tokens.json", "spiece.model",
                   "sentencepiece.bpe.model"}) ||
      ext == "tiktoken") {
    return FileRole::kTokenizer;
  }
  if (ext == "json" || ext == "yaml" || ext == "yml" || ext == "toml") {
    if (base.find("config") != std::string::npos || base.ends_with(".index.json") ||
        OneOf(base, {"params.json", "modules.json"})) {
      return FileRole::kConfig;
    }
  }
  if (OneOf(ext, {"py", "ipynb", "sh", "c", "cc", "cpp", "h", "hpp", "cu", "rs", "go", "js",
                  "ts", "java", "jl", "r"}) ||
      OneOf(base, {"dockerfile", "makefile", "requirements.txt", "setup.cfg", "pyproject.toml",
                   "modelfile"})) {
    return FileRole::kCode;
  }
  if (OneOf(ext, {"csv", "tsv", "jsonl", "parquet", "arrow"})) return FileRole::kData;
  return FileRole::kOther;
}

std::optional<LfsPointer> ParseLfsPointer(std::string_view bytes) {
  static constexpr std::string_view kVersion = "version https://git-lfs.github.com/spec/v1\n";
  if (bytes.size() > 1024 || !bytes.starts_with(kVersion)) return std::nullopt;
  LfsPointer p;
  bool have_oid = false, have_size = false;
  size_t pos = kVersion.size();
  while (pos < bytes.size()) {
    size_t eol = bytes.find('\n', pos);
    std::string_view line = bytes.substr(pos, eol == std::string_view::npos ? eol : eol - pos);
    pos = eol == std::string_view::npos ? bytes.size() : eol + 1;
    if (line.starts_with("oid sha256:")) {
      std::string_view hex = line.substr(11);
      if (hex.size() != 64) return std::nullopt;
      for (char c : hex) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
      }
      p.oid = hex;
      have_oid = true;
    } else if (line.starts_with("size ")) {
      std::string_view num = line.substr(5);
      if (num.empty() || num.size() > 19) return std::nullopt;
      uint64_t v = 0;
      for (char c : num) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<uint64_t>(c - '0');
      }
      p.size = v;
      have_size = true;
    }
  }
  if (!have_oid || !have_size) return std::nullopt;
  return p;
}

const ReleaseFile* Release::FindFile(std::string_view path) const {
  for (const ReleaseFile& f : files) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

Status ListRelease(const std::string& path, const Limits& limits, Release* out) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Status::NotFound(path + ": no such file or folder");

  auto add_file = [&](const fs::path& full, std::string rel) {
    ReleaseFile f;
    f.path = std::move(rel);
    std::error_code size_ec;
    f.bytes = fs::file_size(full, size_ec);
    if (size_ec) {
      out->problems.push_back({f.path, Status::IOError("cannot read size: " + size_ec.message())});
      return;
    }
    f.role = ClassifyFile(f.path);
    if (f.role == FileRole::kWeights) f.format = WeightsFormatOf(f.path);
    if (f.bytes <= 1024 && (f.role == FileRole::kWeights || f.role == FileRole::kOther)) {
      if (auto lfs = ParseLfsPointer(ReadPrefix(full, 1024))) {
        f.lfs = *lfs;
        if (f.role == FileRole::kOther && !WeightsFormatOf(f.path).empty()) {
          f.role = FileRole::kWeights;
        }
      }
    }
    out->files.push_back(std::move(f));
  };

  if (fs::is_regular_file(st)) {
    fs::path p(path);
    out->source = SourceKind::kFile;
    out->id = p.filename().string();
    out->root = p.has_parent_path() ? p.parent_path().string() : ".";
    out->store = LocalStore(out->root);
    add_file(p, p.filename().string());
    return Status::Ok();
  }
  if (!fs::is_directory(st)) return Status::InvalidArgument(path + ": not a file or folder");

  const fs::path root = fs::weakly_canonical(fs::path(path), ec);
  out->source = SourceKind::kLocal;
  out->root = path;
  out->store = LocalStore(path);
  out->id = root.filename().string();
  const fs::path link_root = AllowedLinkRoot(root);

  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) return Status::IOError(path + ": " + ec.message());
  uint64_t seen = 0;
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      out->problems.push_back({"", Status::IOError("walking the folder: " + ec.message())});
      break;
    }
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    std::string rel = entry.path().lexically_relative(root).generic_string();
    if (entry.is_directory(ec) && !entry.is_symlink(ec)) {
      // Git internals and tool caches are not part of the release.
      if (name == ".git" || name == ".cache" || name == "__pycache__" || name == ".ipynb_checkpoints") {
        it.disable_recursion_pending();
      } else if (it.depth() + 1 >= static_cast<int>(limits.release_depth)) {
        out->problems.push_back({rel, Status::TooLarge("folder nesting deeper than " +
                                                       std::to_string(limits.release_depth) +
                                                       " levels: not walked")});
        it.disable_recursion_pending();
      }
      continue;
    }
    if (++seen > limits.release_files) {
      out->problems.push_back({"", Status::TooLarge("more than " +
                                                    std::to_string(limits.release_files) +
                                                    " files: the rest were not listed")});
      break;
    }
    if (entry.is_symlink(ec)) {
      const fs::path target = fs::weakly_canonical(entry.path(), ec);
      if (ec || !Within(target, link_root)) {
        out->problems.push_back({rel, Status::InvalidArgument(
                                          "symbolic link leaves the release folder: not followed")});
        continue;
      }
      if (!fs::is_regular_file(target, ec)) continue;  // links to folders are not followed
    } else if (!entry.is_regular_file(ec)) {
      continue;
    }
    if (name == ".gitattributes") {
      ReadGitattributes(entry.path(), out);
      continue;
    }
    add_file(entry.path(), std::move(rel));
  }
  std::sort(out->files.begin(), out->files.end(),
            [](const ReleaseFile& a, const ReleaseFile& b) { return a.path < b.path; });
  return Status::Ok();
}

}  // namespace openness
