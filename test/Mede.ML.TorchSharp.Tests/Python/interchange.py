"""PyTorch side of the interchange tests (run with Debian's /usr/bin/python3 and python3-torch).

  interchange.py read FILE FORMAT INPUTS.json OUT.json   load a Mede.ML export into plain nn.Sequential MLPs, run them
  interchange.py write FILE INPUTS.json OUT.json SPEC.json  make MLPs in PyTorch, save their state_dict, run them

SPEC/INPUTS hold, per network prefix (e.g. "learner0.policy."), the layer sizes and the input rows; OUT holds the
outputs per prefix, row-major.
"""
import json
import struct
import sys

import torch
from torch import nn


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def load_safetensors(path):
    # The format by hand (python3-safetensors is not in Debian 12): u64 header length, JSON header, raw F32 data.
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    state = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", entry
        begin, end = entry["data_offsets"]
        values = torch.frombuffer(bytearray(data[8 + n + begin:8 + n + end]), dtype=torch.float32)
        state[name] = values.reshape(entry["shape"]).clone()
    return state


def run(nets, spec):
    out = {}
    with torch.no_grad():
        for prefix, net in nets.items():
            x = torch.tensor(spec[prefix]["inputs"], dtype=torch.float32).reshape(-1, spec[prefix]["sizes"][0])
            out[prefix] = net(x).reshape(-1).tolist()
    return out


def main():
    mode = sys.argv[1]
    if mode == "read":
        path, fmt, spec_path, out_path = sys.argv[2:6]
        spec = json.load(open(spec_path))
        state = torch.load(path) if fmt == "pytorch" else load_safetensors(path)
        nets = {}
        for prefix, s in spec.items():
            net = mlp(s["sizes"])
            own = {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)}
            net.load_state_dict(own, strict=True)
            nets[prefix] = net
        json.dump(run(nets, spec), open(out_path, "w"))
    else:
        path, spec_path, out_path = sys.argv[2:5]
        spec = json.load(open(spec_path))
        torch.manual_seed(1234)
        nets = {prefix: mlp(s["sizes"]) for prefix, s in spec.items()}
        state = {}
        for prefix, net in nets.items():
            for k, v in net.state_dict().items():
                state[prefix + k] = v
        torch.save(state, path)
        json.dump(run(nets, spec), open(out_path, "w"))


if __name__ == "__main__":
    main()
