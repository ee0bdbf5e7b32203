// Inventory: the models a codebase uses, found by reading its sources, configs and files.
//
// `openness inventory DIR` walks a source tree and lists every model reference with the file,
// line and column where it is used:
//
//   Python      from_pretrained("org/x"), hf_hub_download(repo_id=...), snapshot_download,
//               pipeline(model=...), SentenceTransformer(...), CrossEncoder(...), diffusers
//               (from_pretrained, from_single_file, load_lora_weights), vLLM LLM(model=...),
//               llama-cpp Llama.from_pretrained(repo_id=...), ollama.chat(model=...), and
//               module constants passed to them (MODEL_ID = "org/x"; os.getenv("M", "org/x"))
//   notebooks   the code cells of .ipynb files, as Python
//   configs     YAML, JSON, TOML, INI and .env values under a model-like key (model, checkpoint,
//               tokenizer, repo_id, ...) that are Hub ids or model file paths
//   Modelfile   FROM and ADAPTER (Ollama models, GGUF paths)
//   Dockerfile  and shell scripts: huggingface-cli / hf download, vllm serve, ollama pull|run,
//               --model flags, ENV/ARG values, COPY of model files
//   model files weights files in the tree (a folder with a config or card, or several shards, is
//               one reference; a lone file is one)
//
// The scanners are hand-written (no regular expressions on untrusted text), every file is read
// up to a size bound, and .git, node_modules, virtual environments and caches are skipped.
// Nothing is executed or imported.
//
// Each ModelReference carries file, line, column and target, so other writers (SARIF, BOMs) can
// point at the place a model is used.
#ifndef OPENNESS_INVENTORY_H_
#define OPENNESS_INVENTORY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "openness/release.h"
#include "openness/status.h"

namespace openness {

enum class ReferenceKind {
  kHub,     ///< a Hugging Face Hub repository id
  kLocal,   ///< a model file or folder on disk
  kOllama,  ///< an Ollama model name
};
std::string_view ReferenceKindName(ReferenceKind kind);  // "hub", "local", "ollama"

struct ModelReference {
  std::string file;     ///< where the reference is, relative to the inventory root ('/'-separated)
  uint32_t line = 0;    ///< 1-based; 0 when the reference is the file itself (a model file)
  uint32_t column = 0;  ///< 1-based byte column where the target starts; 0 with line 0
  std::string target;   ///< as written: "org/x", "./models/m.gguf", "llama3:8b"
  ReferenceKind kind = ReferenceKind::kHub;
  /// What to audit: the Hub id (hf:// and URLs stripped), the path relative to the root (or
  /// absolute when outside it), or the Ollama model name.
  std::string resolved;
  bool exists = true;   ///< local references: whether the path exists
  std::string via;      ///< how it was found: "from_pretrained", "config:model_id",
                        ///< "Modelfile FROM", "Dockerfile", "model file", ...
  std::string excerpt;  ///< the source line, trimmed, at most 200 bytes

  bool operator==(const ModelReference&) const = default;
};

/// One distinct model a codebase references, and where.
struct InventoryTarget {
  ReferenceKind kind = ReferenceKind::kHub;
  std::string id;  ///< ModelReference::resolved
  bool exists = true;
  std::vector<size_t> references;  ///< indices into Inventory::references
};

struct InventoryOptions {
  uint64_t max_files = 200'000;       ///< files visited
  uint64_t max_file_bytes = 4 << 20;  ///< larger source and config files are skipped
  uint32_t max_depth = 32;            ///< folder nesting
  uint64_t max_references = 100'000;
};

struct Inventory {
  std::string root;
  std::vector<ModelReference> references;  ///< sorted by file, line, column
  std::vector<Problem> problems;           ///< files skipped: too large, unreadable, ...
  uint64_t files_scanned = 0;              ///< files whose text was read

  /// The distinct targets, in order of first reference.
  std::vector<InventoryTarget> Targets() const;
};

/// Walks dir and finds every model reference. Errors only when dir cannot be read at all.
Status TakeInventory(const std::string& dir, const InventoryOptions& options, Inventory* out);

/// Which scanner reads a file, from its name: "python", "notebook", "yaml", "json",
/// "assignments" (TOML, INI, .env), "modelfile", "dockerfile", "shell", or "" (not read).
std::string_view InventoryScannerFor(std::string_view rel_path);

/// Runs one scanner over one file's text; references get file = rel_path and resolved set for
/// Hub and Ollama targets (local paths are resolved by TakeInventory). Pure.
void ScanTextForReferences(std::string_view scanner, std::string_view rel_path,
                           std::string_view text, std::vector<ModelReference>* out);

/// A Hugging Face repository id: "org/name", or "name" when single_segment_ok (from_pretrained
/// accepts the few canonical ids without an owner, such as "gpt2"). Pure.
bool IsHubRepoId(std::string_view s, bool single_segment_ok);

/// An Ollama model name as `ollama pull` takes it: "llama3", "llama3.1:8b", "user/m:tag",
/// "hf.co/user/repo:Q4_K_M". Pure.
bool IsOllamaModelName(std::string_view s);

}  // namespace openness

#endif  // OPENNESS_INVENTORY_H_
