#include "openness/inventory.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "source_fixtures.h"
#include "test_util.h"

namespace openness {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::vector<ModelReference> Scan(std::string_view scanner, std::string_view text,
                                 std::string_view file = "f") {
  std::vector<ModelReference> refs;
  ScanTextForReferences(scanner, file, text, &refs);
  return refs;
}

std::vector<std::string> Targets(const std::vector<ModelReference>& refs) {
  std::vector<std::string> out;
  for (const ModelReference& r : refs) out.push_back(r.target);
  return out;
}

const ModelReference* Find(const std::vector<ModelReference>& refs, std::string_view target) {
  for (const ModelReference& r : refs) {
    if (r.target == target) return &r;
  }
  return nullptr;
}

TEST(InventoryNamesTest, HubIdsAndOllamaNames) {
  EXPECT_TRUE(IsHubRepoId("meta-llama/Llama-3.1-8B", false));
  EXPECT_TRUE(IsHubRepoId("gpt2", true));
  EXPECT_FALSE(IsHubRepoId("gpt2", false));
  EXPECT_FALSE(IsHubRepoId("a/b/c", false));
  EXPECT_FALSE(IsHubRepoId("org/-x", false));
  EXPECT_FALSE(IsHubRepoId("org/x..y", false));
  EXPECT_FALSE(IsHubRepoId("org/x--y", false));
  EXPECT_FALSE(IsHubRepoId("org/na me", false));
  EXPECT_FALSE(IsHubRepoId("12/34", false));  // dates and fractions
  EXPECT_TRUE(IsOllamaModelName("llama3.1:8b"));
  EXPECT_TRUE(IsOllamaModelName("mistral"));
  EXPECT_TRUE(IsOllamaModelName("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M"));
  EXPECT_FALSE(IsOllamaModelName("../x"));
  EXPECT_FALSE(IsOllamaModelName("x:"));
  EXPECT_FALSE(IsOllamaModelName("a b"));
}

TEST(InventoryScannerForTest, FileNames) {
  EXPECT_EQ(InventoryScannerFor("src/app.py"), "python");
  EXPECT_EQ(InventoryScannerFor("nb/Explore.ipynb"), "notebook");
  EXPECT_EQ(InventoryScannerFor("conf/x.yml"), "yaml");
  EXPECT_EQ(InventoryScannerFor("conf/x.json"), "json");
  EXPECT_EQ(InventoryScannerFor("package-lock.json"), "");
  EXPECT_EQ(InventoryScannerFor("pyproject.toml"), "assignments");
  EXPECT_EQ(InventoryScannerFor(".env"), "assignments");
  EXPECT_EQ(InventoryScannerFor(".env.local"), "assignments");
  EXPECT_EQ(InventoryScannerFor("deploy/Modelfile"), "modelfile");
  EXPECT_EQ(InventoryScannerFor("Dockerfile.gpu"), "dockerfile");
  EXPECT_EQ(InventoryScannerFor("scripts/serve.sh"), "shell");
  EXPECT_EQ(InventoryScannerFor("README.md"), "");
}

TEST(InventoryPythonTest, EveryLoaderStyle) {
  const std::string src = R"py(import os
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

MODEL_ID = "meta-llama/Llama-3.1-8B-Instruct"
EMBEDDER: str = 'BAAI/bge-small-en-v1.5'
FROM_ENV = os.getenv("MODEL", "mistralai/Mistral-7B-v0.3")

tok = AutoTokenizer.from_pretrained(MODEL_ID)
model = AutoModelForCausalLM.from_pretrained(
    "Qwen/Qwen2.5-0.5B",
    torch_dtype="auto",
)
clf = pipeline("text-classification", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english")
gen = pipeline("text-generation", "openai-community/gpt2")
path = hf_hub_download(repo_id="TheBloke/Llama-2-7B-GGUF", filename="llama-2-7b.Q4_K_M.gguf")
snap = snapshot_download("google/gemma-2-2b")
emb = SentenceTransformer(EMBEDDER)
rr = CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")
pipe = DiffusionPipeline.from_pretrained("stabilityai/stable-diffusion-xl-base-1.0")
pipe.load_lora_weights("nerijs/pixel-art-xl")
single = StableDiffusionPipeline.from_single_file("https://huggingface.co/org/sd/blob/main/x.safetensors")
llm = LLM(model=FROM_ENV)
adapter = PeftModel.from_pretrained(model, "org/my-lora-adapter")
local = AutoModel.from_pretrained("./checkpoints/final")
gguf = Llama.from_pretrained(repo_id="Qwen/Qwen2-0.5B-Instruct-GGUF", filename="*q8_0.gguf")
reply = ollama.chat(model="llama3.1:8b", messages=[])
old = AutoModel.from_pretrained("bert-base-uncased")
)py";
  const auto refs = Scan("python", src, "app/main.py");
  const std::vector<std::string> expected = {
      "meta-llama/Llama-3.1-8B-Instruct",
      "Qwen/Qwen2.5-0.5B",
      "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
      "openai-community/gpt2",
      "TheBloke/Llama-2-7B-GGUF",
      "google/gemma-2-2b",
      "BAAI/bge-small-en-v1.5",
      "cross-encoder/ms-marco-MiniLM-L-6-v2",
      "stabilityai/stable-diffusion-xl-base-1.0",
      "nerijs/pixel-art-xl",
      "https://huggingface.co/org/sd/blob/main/x.safetensors",
      "mistralai/Mistral-7B-v0.3",
      "org/my-lora-adapter",
      "./checkpoints/final",
      "Qwen/Qwen2-0.5B-Instruct-GGUF",
      "llama3.1:8b",
      "bert-base-uncased",
  };
  EXPECT_EQ(Targets(refs), expected);

  // Where each is used: the call's argument, 1-based line and column.
  const ModelReference* r = Find(refs, "meta-llama/Llama-3.1-8B-Instruct");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->file, "app/main.py");
  EXPECT_EQ(r->line, 8u);
  EXPECT_EQ(r->column, 37u);  // MODEL_ID inside from_pretrained(...)
  EXPECT_EQ(r->via, "from_pretrained via MODEL_ID (line 4)");
  EXPECT_EQ(r->kind, ReferenceKind::kHub);
  EXPECT_EQ(r->excerpt, "tok = AutoTokenizer.from_pretrained(MODEL_ID)");
  r = Find(refs, "Qwen/Qwen2.5-0.5B");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->line, 10u);
  EXPECT_EQ(r->column, 6u);  // after the opening quote
  r = Find(refs, "https://huggingface.co/org/sd/blob/main/x.safetensors");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->resolved, "org/sd");
  EXPECT_EQ(Find(refs, "./checkpoints/final")->kind, ReferenceKind::kLocal);
  EXPECT_EQ(Find(refs, "llama3.1:8b")->kind, ReferenceKind::kOllama);
  EXPECT_EQ(Find(refs, "mistralai/Mistral-7B-v0.3")->via, "LLM via FROM_ENV (line 6)");
}

TEST(InventoryPythonTest, Negatives) {
  const std::string src = R"py(
# model = AutoModel.from_pretrained("commented/out")
doc = """AutoModel.from_pretrained("in/docstring")"""
def from_pretrained(name="def/default"):
    pass
name = f"{org}/model"
m = AutoModel.from_pretrained(f"{org}/name")
m = AutoModel.from_pretrained(some.attribute)
m = AutoModel.from_pretrained(unknown_variable)
clf = pipeline("text-classification")
x = load_dataset("squad/v2")
y = "just/a-string"
z = from_pretrained_ish("not/this")
p = AutoModel.from_pretrained("data/config.json")
)py";
  EXPECT_EQ(Targets(Scan("python", src)), std::vector<std::string>{});
}

TEST(InventoryPythonTest, TricksyTokens) {
  // Escapes, raw strings, continuation lines, implicit concatenation, ; statements.
  const std::string src =
      "a = 1; M = 'org/\\x61bc'\n"
      "m = AutoModel.from_pretrained(M)\n"
      "n = AutoModel.from_pretrained(r'org/raw' \\\n"
      "    )\n"
      "o = AutoModel.from_pretrained('org/' 'joined')\n"
      "p = AutoModel.from_pretrained(\"unterminated\n"
      "q = AutoModel.from_pretrained(*args, 'org/after-star')\n";
  const auto refs = Scan("python", src);
  EXPECT_EQ(Targets(refs), (std::vector<std::string>{"org/abc", "org/raw", "org/joined"}));
}

TEST(InventoryNotebookTest, CodeCellsAreReadWithNotebookLines) {
  const std::string nb = R"nb({
 "cells": [
  {
   "cell_type": "code",
   "metadata": {},
   "source": [
    "from transformers import AutoModel\n",
    "model = AutoModel.from_pretrained(\"google-bert/bert-base-cased\")"
   ],
   "outputs": [
    {"text": ["pipeline(model=\"not/output\")\n"]}
   ]
  },
  {
   "cell_type": "code",
   "source": "llm = LLM(model=\"org/one-string-cell\")"
  }
 ]
})nb";
  const auto refs = Scan("notebook", nb, "nb.ipynb");
  ASSERT_EQ(Targets(refs),
            (std::vector<std::string>{"google-bert/bert-base-cased", "org/one-string-cell"}));
  EXPECT_EQ(refs[0].line, 8u);
  EXPECT_EQ(refs[1].line, 16u);
}

TEST(InventoryConfigTest, YamlValuesUnderModelKeys) {
  const std::string yaml = R"(# training config
model:
  name: meta-llama/Llama-3.2-1B
  revision: main
tokenizer_name: "meta-llama/Llama-3.2-1B"
output_dir: runs/exp1
content_type: application/json
datasets:
  - tatsu-lab/alpaca
embedding_models:
  - BAAI/bge-m3
  - intfloat/e5-large-v2   # second
services:
  vllm:
    command: --model Qwen/Qwen2.5-7B-Instruct --port 8000
    args: ["--model", "org/in-flow-list"]
    environment:
      - HF_MODEL_ID=org/from-compose
  worker:
    args:
      - --model-id
      - org/next-item
    run: huggingface-cli download org/downloaded --local-dir /m
ollama_model: llama3.2:3b
)";
  const auto refs = Scan("yaml", yaml, "config.yaml");
  EXPECT_EQ(Targets(refs),
            (std::vector<std::string>{
                "meta-llama/Llama-3.2-1B", "meta-llama/Llama-3.2-1B", "BAAI/bge-m3",
                "intfloat/e5-large-v2", "Qwen/Qwen2.5-7B-Instruct", "org/in-flow-list",
                "org/from-compose", "org/next-item", "org/downloaded", "llama3.2:3b"}));
  EXPECT_EQ(refs[0].line, 3u);
  EXPECT_EQ(refs[0].column, 9u);
  EXPECT_EQ(refs[0].via, "config:name");
  EXPECT_EQ(refs[1].column, 18u);  // inside the quotes
  EXPECT_EQ(refs.back().kind, ReferenceKind::kOllama);
}

TEST(InventoryConfigTest, JsonTomlIniEnv) {
  const std::string json = R"({
  "model_name_or_path": "EleutherAI/pythia-160m",
  "homepage": "https://huggingface.co/EleutherAI/pythia-410m",
  "repository": "someone/code",
  "models": {"chat": "org/chat-model", "embed": ["org/e1", "org/e2"]},
  "base_model": {"name": "org/base"},
  "type": "application/json"
})";
  EXPECT_EQ(Targets(Scan("json", json)),
            (std::vector<std::string>{"EleutherAI/pythia-160m",
                                      "https://huggingface.co/EleutherAI/pythia-410m", "org/e1",
                                      "org/e2", "org/base"}));
  const auto jr = Scan("json", json);
  EXPECT_EQ(jr[0].line, 2u);
  EXPECT_EQ(jr[0].column, 26u);

  const std::string toml = R"([tool.app]
model = "org/toml-model"  # inline comment
fallback_models = ["org/a", 'org/b']
name = "org/not-a-model-key"

[embedding]
repo = "org/under-section"
)";
  EXPECT_EQ(Targets(Scan("assignments", toml)),
            (std::vector<std::string>{"org/toml-model", "org/a", "org/b", "org/under-section"}));

  const std::string env =
      "export MODEL_ID=org/env-model\nHF_TOKEN=hf_xxx\nLLM_MODEL=\"org/q\"\n"
      "OLLAMA_MODEL=qwen2.5:7b\nOLLAMA_HOST=localhost\n";
  const auto er = Scan("assignments", env);
  EXPECT_EQ(Targets(er), (std::vector<std::string>{"org/env-model", "org/q", "qwen2.5:7b"}));
  EXPECT_EQ(er[2].kind, ReferenceKind::kOllama);
}

TEST(InventoryModelfileTest, FromAndAdapter) {
  const std::string mf = R"(FROM llama3.2:3b
# FROM commented:out
PARAMETER temperature 0.7
TEMPLATE """
FROM inside-a-template
"""
SYSTEM """You are helpful."""
ADAPTER ./lora/adapter.gguf
)";
  const auto refs = Scan("modelfile", mf, "Modelfile");
  ASSERT_EQ(Targets(refs), (std::vector<std::string>{"llama3.2:3b", "./lora/adapter.gguf"}));
  EXPECT_EQ(refs[0].kind, ReferenceKind::kOllama);
  EXPECT_EQ(refs[0].column, 6u);
  EXPECT_EQ(refs[0].via, "Modelfile FROM");
  EXPECT_EQ(refs[1].kind, ReferenceKind::kLocal);
  EXPECT_EQ(refs[1].line, 8u);

  const auto gguf = Scan("modelfile", "from ./models/tiny.Q4_K_M.gguf\n");
  ASSERT_EQ(gguf.size(), 1u);
  EXPECT_EQ(gguf[0].kind, ReferenceKind::kLocal);
  const auto hf = Scan("modelfile", "FROM hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M\n");
  ASSERT_EQ(hf.size(), 1u);
  EXPECT_EQ(hf[0].kind, ReferenceKind::kOllama);
}

TEST(InventoryDockerfileTest, CommandsEnvAndCopies) {
  const std::string df = R"(FROM vllm/vllm-openai:latest
ARG MODEL_ID=org/arg-model
ENV TOKENIZER org/env-tokenizer
RUN huggingface-cli download --repo-type model org/dl-model && \
    hf download org/hf-dl
RUN ollama pull nomic-embed-text
COPY models/tiny.gguf /models/tiny.gguf
COPY requirements.txt /app/
CMD ["vllm", "serve", "org/served", "--port", "8000"]
ENTRYPOINT ["python", "-m", "server", "--model=org/flag-eq"]
)";
  const auto refs = Scan("dockerfile", df, "Dockerfile");
  EXPECT_EQ(Targets(refs),
            (std::vector<std::string>{"org/arg-model", "org/env-tokenizer", "org/dl-model",
                                      "org/hf-dl", "nomic-embed-text", "models/tiny.gguf",
                                      "org/served", "org/flag-eq"}));
  EXPECT_EQ(Find(refs, "org/served")->column, 24u);
  EXPECT_EQ(Find(refs, "models/tiny.gguf")->kind, ReferenceKind::kLocal);
  EXPECT_EQ(Find(refs, "nomic-embed-text")->kind, ReferenceKind::kOllama);

  const std::string sh =
      "#!/bin/sh\nMODEL=org/sh-model python serve.py\n"
      "python -m llama_cpp.server -m ./models/m.gguf\n"
      "python -m pip install x\n";
  EXPECT_EQ(Targets(Scan("shell", sh)),
            (std::vector<std::string>{"org/sh-model", "./models/m.gguf"}));
}

TEST(InventoryTreeTest, WalksATreeSkipsNoiseAndResolvesPaths) {
  TempDir tmp;
  const fs::path root = tmp.path();
  tmp.Write("app/main.py",
            "m = AutoModel.from_pretrained('org/hub-model')\n"
            "l = AutoModel.from_pretrained('./weights/mine')\n"
            "k = AutoModel.from_pretrained('models/local-folder')\n"
            "g = AutoModel.from_pretrained('../missing/dir')\n");
  tmp.Write("app/weights/mine/config.json", "{}");
  tmp.Write("app/weights/mine/model.safetensors", "x");
  tmp.Write("models/local-folder/config.json", "{}");
  tmp.Write("models/local-folder/model-00001-of-00002.safetensors", "x");
  tmp.Write("models/local-folder/model-00002-of-00002.safetensors", "x");
  tmp.Write("models/local-folder/original/consolidated.00.pth", "x");
  tmp.Write("ggufs/a.Q4_K_M.gguf", "x");
  tmp.Write("ggufs/a.Q8_0.gguf", "x");
  tmp.Write("Modelfile", "FROM ./ggufs/a.Q4_K_M.gguf\n");
  tmp.Write("config/app.yaml", "model_id: org/hub-model\n");
  // Noise that must not be read.
  tmp.Write(".git/config", "model = org/in-git");
  tmp.Write("node_modules/x/index.py", "AutoModel.from_pretrained('org/in-node-modules')\n");
  tmp.Write("env/pyvenv.cfg", "home = /usr\n");
  tmp.Write("env/lib/site.py", "AutoModel.from_pretrained('org/in-venv')\n");
  tmp.Write("big.py", "AutoModel.from_pretrained('org/too-big')\n" + std::string(300, '#'));
  fs::create_directory_symlink(root / "app", root / "linked");

  Inventory inv;
  InventoryOptions options;
  options.max_file_bytes = 256;
  ASSERT_OK(TakeInventory(root.string(), options, &inv));
  std::vector<std::string> got;
  for (const ModelReference& r : inv.references) {
    got.push_back(r.file + ":" + std::to_string(r.line) + " " +
                  std::string(ReferenceKindName(r.kind)) + " " + r.resolved +
                  (r.exists ? "" : " (missing)"));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "Modelfile:1 local ggufs/a.Q4_K_M.gguf",
                     "app/main.py:1 hub org/hub-model",
                     "app/main.py:2 local app/weights/mine",
                     "app/main.py:3 local models/local-folder",
                     "app/main.py:4 local missing/dir (missing)",
                     "app/weights/mine/model.safetensors:0 local app/weights/mine",
                     "config/app.yaml:1 hub org/hub-model",
                     "ggufs/a.Q4_K_M.gguf:0 local ggufs/a.Q4_K_M.gguf",
                     "ggufs/a.Q8_0.gguf:0 local ggufs/a.Q8_0.gguf",
                     "models/local-folder/model-00001-of-00002.safetensors:0 local "
                     "models/local-folder",
                 }));
  ASSERT_EQ(inv.problems.size(), 1u);
  EXPECT_EQ(inv.problems[0].file, "big.py");
  EXPECT_EQ(inv.problems[0].status.code(), Status::Code::kTooLarge);

  const std::vector<InventoryTarget> targets = inv.Targets();
  ASSERT_EQ(targets.size(), 6u);
  EXPECT_EQ(targets[0].id, "ggufs/a.Q4_K_M.gguf");
  EXPECT_EQ(targets[0].references.size(), 2u);  // the Modelfile and the file itself
  EXPECT_EQ(targets[1].id, "org/hub-model");
  EXPECT_EQ(targets[1].references.size(), 2u);
  EXPECT_FALSE(targets[4].exists);
}

TEST(InventoryTreeTest, ErrorsForAMissingFolder) {
  Inventory inv;
  EXPECT_EQ(TakeInventory("/nonexistent/code", {}, &inv).code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace openness
