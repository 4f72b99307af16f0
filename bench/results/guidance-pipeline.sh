#!/bin/bash
# The guidance pipeline after the teacher: classifier, pairs on a subset, bank, guided decoder, evaluation.
set -u
G=/work/runs/guide
T=$G/teacher
B=bin2
cd $G
ts() { date -u +%H:%M:%S; }
while pgrep -f "train-teacher --out /work/runs/guide/teacher" >/dev/null; do sleep 10; done
echo "$(ts) teacher done"; tail -1 $T/log.jsonl
echo "$(ts) classifier"
./pj $B train-classifier --data fmnist --resolution 16 --steps 2000 --max-minutes 4 --seed 0 --out $G/classifier > classifier.out 2> classifier.err; cat classifier.out
echo "$(ts) encode"
./pj $B encode --teacher $T --data fmnist:$G/fmnist-sub --split train --steps 10 --out $G/pairs > encode.out 2> encode.err; tail -2 encode.out
echo "$(ts) bank"
./pj $B guidance-bank --teacher $T --n 768 --w-max 4 --steps 10 --seed 1 --out $G/bank.safetensors > bank.out 2> bank.err; cat bank.out
echo "$(ts) decoder"
./pj $B train-decoder --teacher $T --pairs $G/pairs --guidance-bank $G/bank.safetensors --duration 1M --max-minutes 15 --out $G/g-guided > decoder.out 2> decoder.err; cat decoder.out
echo "$(ts) eval"
for w in 1 2 4; do
  ./pj $B sample --generator $G/g-guided --n 512 --guidance $w --seed 1000 --out $G/eval/g-w$w.png --samples $G/eval/g-w$w.safetensors
  if [ $w = 1 ]; then cfg=""; else cfg="--cfg $w"; fi
  ./pj $B sample-teacher --teacher $T --steps 10 --n 512 $cfg --seed 1000 --out $G/eval/t-w$w.png --samples $G/eval/t-w$w.safetensors
  for who in g t; do
    ./pj $B eval --samples $G/eval/$who-w$w.safetensors --real fmnist --split test --resolution 16 --cache $T/data-fmnist-16.safetensors --metrics fd
    ./pj $B classify --classifier $G/classifier --samples $G/eval/$who-w$w.safetensors
  done
done
echo "$(ts) all done"
