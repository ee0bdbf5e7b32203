#!/bin/sh
ollama run llama3
huggingface-cli download "org/model" --local-dir m
wget https://huggingface.co/a/b/resolve/main/x.gguf
