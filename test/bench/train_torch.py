"""PyTorch peer of `npm run bench:train` (test/bench/train.ts starts it; not run by CI).

The digit networks of notebook 07 in PyTorch on the CPU, one thread: 3x3 conv stem 1 -> w, two
blocks w -> 2w -> 4w with stride 2 (standard: Conv2d; separable: depthwise Conv2d with
groups=in_channels, then a 1x1 Conv2d), batch norm (eps 1e-3, Keras' momentum 0.9 is PyTorch's
0.1) and ReLU after each, global average pooling, Linear(4w, 10); one SGD-momentum step (forward,
backward, update) on the batch the bench writes (float32 NCHW images, int64 labels).

Protocol (stdin/stdout, one JSON line per request, so the bench interleaves it with its other
engines): {"net": "separable_w32", "steps": 3} -> {"ms": [..per step..], "cpu_ms": [..]} (wall
and process CPU time); "quit" ends it.
Padding: PyTorch's padding=1 pads both sides where TF's 'same' at stride 2 pads only the bottom
and right; the output sizes and the arithmetic are the same.
"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)


def digit_network(width: int, form: str) -> nn.Module:
    def conv(cin: int, cout: int, stride: int) -> list:
        if form == "separable" and stride == 2:
            return [
                nn.Conv2d(cin, cin, 3, stride=stride, padding=1, groups=cin, bias=False),
                nn.Conv2d(cin, cout, 1, bias=False),
            ]
        return [nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)]

    def bn_relu(c: int) -> list:
        return [nn.BatchNorm2d(c, eps=1e-3, momentum=0.1), nn.ReLU()]

    w = width
    return nn.Sequential(
        *conv(1, w, 1), *bn_relu(w),
        *conv(w, 2 * w, 2), *bn_relu(2 * w),
        *conv(2 * w, 4 * w, 2), *bn_relu(4 * w),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4 * w, 10),
    )


def main() -> None:
    images_file, labels_file, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    # NHWC float32 from the bench -> NCHW.
    x = torch.from_numpy(np.fromfile(images_file, dtype=np.float32).reshape(batch, 28, 28, 1))
    x = x.permute(0, 3, 1, 2).contiguous()
    y = torch.from_numpy(np.fromfile(labels_file, dtype=np.int32).astype(np.int64))
    torch.manual_seed(1)
    nets = {}
    for form in ("standard", "separable"):
        for width in (4, 8, 16, 32, 64):
            model = digit_network(width, form)
            model.train()
            opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
            nets[f"{form}_w{width}"] = (model, opt)
    loss_fn = nn.CrossEntropyLoss()

    def step(name: str) -> tuple:
        model, opt = nets[name]
        start, cpu = time.perf_counter(), time.process_time()
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000

    print(json.dumps({"ready": True, "torch": torch.__version__,
                      "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request == "quit":
            break
        times = [step(request["net"]) for _ in range(request["steps"])]
        print(json.dumps({"ms": [t[0] for t in times], "cpu_ms": [t[1] for t in times]}),
              flush=True)


if __name__ == "__main__":
    main()
