#!/bin/bash
# The guidance pipeline after the teacher: classifier, pairs on a subset, bank, guided decoder, evaluation.
set -u
G=/work/runs/guide
T=$G/teacher
B=bin2
cd $G
ts() { date -u +%H:%M:%S; }

echo "$(ts) decoder"
./pj $B train-decoder --teacher $T --pairs $G/pairs --guidance-bank $G/bank.safetensors --no-gan --ema-decay 0.9 --grid-every 2k --duration 1M --max-minutes 15 --out $G/g-guided > decoder.out 2> decoder.err; cat decoder.out
echo "$(ts) eval"
for w in 1 2 4; do
  ./pj $B sample --generator $G/g-guided --n 512 --guidance $w --seed 1000 --out $G/eval/g-w$w.png --samples $G/eval/g-w$w.safetensors
done
for w in 1 2 4; do
  for who in g; do
    ./pj $B eval --samples $G/eval/$who-w$w.safetensors --real fmnist --split test --resolution 16 --cache $T/data-fmnist-16.safetensors --metrics fd
    ./pj $B classify --classifier $G/classifier --samples $G/eval/$who-w$w.safetensors
  done
done
for w in 1 2 4; do
  if [ $w = 1 ]; then cfg=""; else cfg="--cfg $w"; fi
  ./pj $B sample-teacher --teacher $T --steps 10 --n 512 $cfg --seed 1000 --out $G/eval/t-w$w.png --samples $G/eval/t-w$w.safetensors
  ./pj $B eval --samples $G/eval/t-w$w.safetensors --real fmnist --split test --resolution 16 --cache $T/data-fmnist-16.safetensors --metrics fd
  ./pj $B classify --classifier $G/classifier --samples $G/eval/t-w$w.safetensors
done
echo "$(ts) all done"
