"""Dynamic int8 quantisation of an exported folder's ONNX graphs, written with the `onnx` package alone
(Debian's python3-onnx; onnxruntime's own `quantize_dynamic` is not installable here).

    /usr/bin/python3 models/training/quantize.py models/kefu-intent-zh [--encoder]

Every MatMul whose second input is a constant 2-D weight becomes
    DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W_q, x_zero, 0) -> Cast(float) -> * (x_scale * w_scale)
with W quantised symmetrically to int8 per output column; a large embedding table (the word embeddings, ≥ 1,000
rows) becomes int8 rows with one scale each, dequantised after the lookup (Gather → Cast → Mul by the row's scale);
everything else (position embeddings, layer norms, attention products, the pooler and classifier Gemms) stays float. Writes onnx/model_quantized.onnx (and
with --encoder onnx/encoder_quantized.onnx) next to the float graphs: the names transformers.js loads for
dtype "q8".
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def quantize_graph(src, dst):
    model = onnx.load(src)
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    nodes, new_inits, done = [], [], 0
    for node in graph.node:
        table = inits.get(node.input[0]) if node.op_type == "Gather" and len(node.input) == 2 else None
        if table is not None and len(table.dims) == 2 and table.dims[0] >= 1000:
            # A large embedding table (the word embeddings): int8 rows with one scale each, dequantised after the
            # lookup, so only the looked-up rows are turned back into floats.
            emb = numpy_helper.to_array(table).astype(np.float32)
            row_scale = np.maximum(np.abs(emb).max(axis=1), 1e-8) / 127.0
            emb_q = np.clip(np.rint(emb / row_scale[:, None]), -127, 127).astype(np.int8)
            base = f"q{done}_{node.name or node.output[0]}".replace("/", "_")
            new_inits += [numpy_helper.from_array(emb_q, f"{base}_table_q"),
                          numpy_helper.from_array(row_scale.astype(np.float32)[:, None], f"{base}_row_scale")]
            ids = node.input[1]
            nodes += [
                helper.make_node("Gather", [f"{base}_table_q", ids], [f"{base}_rows_q"], name=f"{base}_gather_q"),
                helper.make_node("Cast", [f"{base}_rows_q"], [f"{base}_rows"], to=TensorProto.FLOAT, name=f"{base}_cast"),
                helper.make_node("Gather", [f"{base}_row_scale", ids], [f"{base}_scales"], name=f"{base}_gather_scale"),
                helper.make_node("Mul", [f"{base}_rows", f"{base}_scales"], [node.output[0]], name=f"{base}_dequant"),
            ]
            done += 1
            continue
        w = inits.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) == 2 else None
        if w is None or len(w.dims) != 2:
            nodes.append(node)
            continue
        weight = numpy_helper.to_array(w).astype(np.float32)
        scale = np.maximum(np.abs(weight).max(axis=0), 1e-8) / 127.0  # one scale per output column
        w_q = np.clip(np.rint(weight / scale), -127, 127).astype(np.int8)
        base = f"q{done}_{node.name or node.output[0]}".replace("/", "_")
        new_inits += [
            numpy_helper.from_array(w_q, f"{base}_w_q"),
            numpy_helper.from_array(scale.astype(np.float32), f"{base}_w_scale"),
            numpy_helper.from_array(np.zeros(weight.shape[1], dtype=np.int8), f"{base}_w_zero"),
        ]
        x = node.input[0]
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [x], [f"{base}_x_q", f"{base}_x_scale", f"{base}_x_zero"],
                             name=f"{base}_quant"),
            helper.make_node("MatMulInteger", [f"{base}_x_q", f"{base}_w_q", f"{base}_x_zero", f"{base}_w_zero"],
                             [f"{base}_y_int"], name=f"{base}_matmul"),
            helper.make_node("Cast", [f"{base}_y_int"], [f"{base}_y"], to=TensorProto.FLOAT, name=f"{base}_cast"),
            helper.make_node("Mul", [f"{base}_x_scale", f"{base}_w_scale"], [f"{base}_scale"], name=f"{base}_scale"),
            helper.make_node("Mul", [f"{base}_y", f"{base}_scale"], [node.output[0]], name=f"{base}_rescale"),
        ]
        done += 1
    used = {i for n in nodes for i in n.input}
    kept = [i for i in graph.initializer if i.name in used]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + new_inits)
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    return done


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = args[0] if args else "models/kefu-intent-zh"
    # The encoder's int8 copy is optional: the shipped folder keeps under 20 MB without it, and the few-shot
    # head (the only user of the encoder) then runs in fp32.
    for name in ("model", "encoder") if "--encoder" in sys.argv else ("model",):
        src = os.path.join(folder, "onnx", f"{name}.onnx")
        if not os.path.exists(src):
            continue
        dst = os.path.join(folder, "onnx", f"{name}_quantized.onnx")
        n = quantize_graph(src, dst)
        print(f"{dst}: {n} weights quantised (MatMul weights, word embeddings), {os.path.getsize(src):,} -> {os.path.getsize(dst):,} bytes")


if __name__ == "__main__":
    main()
