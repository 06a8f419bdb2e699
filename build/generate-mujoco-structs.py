#!/usr/bin/env python3
"""Mirror MuJoCo's mjModel / mjData structs (and the structs nested in them) in C#, from the installed headers.

Run this only when MuJoCo is upgraded; the output is checked in:

    python3 build/generate-mujoco-structs.py                  # writes the C# file
    python3 build/generate-mujoco-structs.py --emit-c out.c   # also writes the offsetof/sizeof probe

The C# file is src/Mede.ML.Environments/MuJoCo/Native/MjStructs.g.cs. The C probe prints one line per field,
"struct.field offset", and one per struct, "struct sizeof size"; the test
MjStructsLayoutTests compiles it with gcc and compares it line by line with the same listing made from the C#
structs (MjStructLayout.Describe), so a wrong type map or a missed field cannot go unnoticed.

Type map (mjtNum is double: mjUSEDOUBLE is defined in mjtnum.h):
    mjtNum -> double, int -> int, mjtByte -> byte, float -> float, char -> byte, void -> void,
    T* -> T* (typed pointer), T name[N] -> fixed T name[N] for primitives, an [InlineArray(N)] struct for structs,
    T name[N][M] -> fixed T name[N*M], anonymous nested struct -> a named nested struct type.
"""
import argparse
import os
import re
import sys

HEADER_DIR = "/usr/include/mujoco"
OUT_CS = os.path.join(os.path.dirname(__file__), "..", "src", "Mede.ML.Environments", "MuJoCo", "Native",
                      "MjStructs.g.cs")

# The structs to mirror, in dependency order, with the header that defines them.
STRUCTS = [
    ("mjmodel.h", "mjOption"),
    ("mjmodel.h", "mjVisual"),
    ("mjmodel.h", "mjStatistic"),
    ("mjmodel.h", "mjVFS"),
    ("mjmodel.h", "mjModel"),
    ("mjdata.h", "mjContact"),
    ("mjdata.h", "mjWarningStat"),
    ("mjdata.h", "mjTimerStat"),
    ("mjdata.h", "mjSolverStat"),
    ("mjdata.h", "mjData"),
]

PRIMITIVES = {"mjtNum": "double", "int": "int", "mjtByte": "byte", "float": "float", "char": "byte",
              "void": "void", "unsigned char": "byte"}

CS_KEYWORDS = {"abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class",
               "const", "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event",
               "explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if",
               "implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "null",
               "object", "operator", "out", "override", "params", "private", "protected", "public", "readonly",
               "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string", "struct",
               "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe",
               "ushort", "using", "virtual", "void", "volatile", "while", "global"}

FIELD_RE = re.compile(r"^\s*(?P<type>(?:unsigned\s+)?\w+)\s*(?P<ptr>\*?)\s*(?P<name>\w+)\s*(?P<dims>(?:\[\s*\w+\s*\])*)\s*;")


def strip_comment(line):
    return line.split("//", 1)[0].rstrip()


def read_constants(texts):
    """#define integer constants and enum member values (so mjNWARNING etc. resolve)."""
    consts = {}
    for text in texts:
        for m in re.finditer(r"^#define\s+(mj\w+)\s+(\d+)\b", text, re.M):
            consts[m.group(1)] = int(m.group(2))
        for m in re.finditer(r"typedef\s+enum\s+\w+\s*\{(.*?)\}", text, re.S):
            value = -1
            for raw in m.group(1).splitlines():
                line = strip_comment(raw).strip().rstrip(",")
                if not line:
                    continue
                em = re.match(r"^(\w+)\s*(?:=\s*(.+))?$", line)
                if not em:
                    continue
                if em.group(2) is not None:
                    expr = em.group(2).strip()
                    shift = re.match(r"^1\s*<<\s*(\d+)$", expr)
                    value = (1 << int(shift.group(1))) if shift else int(expr, 0)
                else:
                    value += 1
                consts[em.group(1)] = value
    return consts


def dim_value(token, consts):
    token = token.strip()
    if token.isdigit():
        return int(token)
    if token in consts:
        return consts[token]
    raise SystemExit(f"generate-mujoco-structs: unknown array size '{token}'")


def parse_struct(text, name, consts):
    """Return a list of fields: (ctype, is_pointer, field name, [dims]) or ("struct", nested fields, field name)."""
    m = re.search(r"^struct\s+" + name + r"_\s*\{", text, re.M)
    if not m:
        raise SystemExit(f"generate-mujoco-structs: struct {name}_ not found")
    lines = text[m.end():].splitlines()
    fields, stack = [], []
    current = fields
    for raw in lines:
        line = strip_comment(raw)
        if not line.strip():
            continue
        if re.match(r"^\s*struct\s*\{", line):
            nested = []
            stack.append(current)
            current.append(["struct", nested, None])
            current = nested
            continue
        close = re.match(r"^\s*\}\s*(\w*)\s*;", line)
        if close:
            if not stack:
                return fields
            current = stack.pop()
            current[-1][2] = close.group(1)
            continue
        fm = FIELD_RE.match(line)
        if not fm:
            raise SystemExit(f"generate-mujoco-structs: cannot parse a field of {name}: {raw.strip()}")
        dims = [dim_value(d, consts) for d in re.findall(r"\[\s*(\w+)\s*\]", fm.group("dims"))]
        current.append([fm.group("type"), fm.group("ptr") == "*", fm.group("name"), dims])
    raise SystemExit(f"generate-mujoco-structs: struct {name}_ is not closed")


def cs_name(name):
    return "@" + name if name in CS_KEYWORDS else name


def cs_type(ctype):
    if ctype in PRIMITIVES:
        return PRIMITIVES[ctype]
    if ctype.endswith("_") or ctype.startswith("mj"):
        return ctype
    raise SystemExit(f"generate-mujoco-structs: no type mapping for '{ctype}'")


class Emitter:
    def __init__(self):
        self.out = []
        self.inline_arrays = {}

    def struct(self, name, fields, indent="    "):
        self.out.append(f"{indent}[StructLayout(LayoutKind.Sequential)]")
        self.out.append(f"{indent}internal unsafe partial struct {name}")
        self.out.append(f"{indent}{{")
        nested_types = []
        for f in fields:
            if f[0] == "struct":
                type_name = f"{name}_{f[2]}"
                nested_types.append((type_name, f[1]))
                self.out.append(f"{indent}    public {type_name} {cs_name(f[2])};")
                continue
            ctype, is_ptr, fname, dims = f
            t = cs_type(ctype)
            if is_ptr and dims:
                # Arrays of pointers (mjVFS.filedata): fixed buffers cannot hold pointers, an inline array of nint can.
                if len(dims) != 1:
                    raise SystemExit(f"generate-mujoco-structs: multi-dimensional pointer array {name}.{fname}")
                arr = f"PointerArray{dims[0]}"
                self.inline_arrays[arr] = ("nint", dims[0])
                self.out.append(f"{indent}    public {arr} {cs_name(fname)};")
            elif is_ptr:
                self.out.append(f"{indent}    public {t}* {cs_name(fname)};")
            elif not dims:
                self.out.append(f"{indent}    public {t} {cs_name(fname)};")
            elif t in ("double", "int", "byte", "float"):
                n = 1
                for d in dims:
                    n *= d
                self.out.append(f"{indent}    public fixed {t} {cs_name(fname)}[{n}];")
            else:
                if len(dims) != 1:
                    raise SystemExit(f"generate-mujoco-structs: multi-dimensional struct array {name}.{fname}")
                arr = f"{t}Array{dims[0]}"
                self.inline_arrays[arr] = (t, dims[0])
                self.out.append(f"{indent}    public {arr} {cs_name(fname)};")
        self.out.append(f"{indent}}}")
        self.out.append("")
        for type_name, nested in nested_types:
            self.struct(type_name, nested, indent)


def layout_lines(name, fields, prefix=""):
    """Dotted field paths, nested structs included, with whether the C# field is a fixed buffer."""
    result = []
    for f in fields:
        fname = f[2]
        if f[0] == "struct":
            result.append((prefix + fname, False))
            result.extend(layout_lines(name, f[1], prefix + fname + "."))
        else:
            ctype, is_ptr, _, dims = f
            fixed = bool(dims) and not is_ptr and cs_type(ctype) in ("double", "int", "byte", "float")
            result.append((prefix + fname, fixed))
    return result


def emit_c(structs):
    out = ["// Generated by build/generate-mujoco-structs.py: prints offsetof/sizeof of every mirrored field.",
           "#include <stddef.h>", "#include <stdio.h>", "#include <mujoco/mujoco.h>", "", "int main(void) {"]
    for name, fields in structs:
        for path, _ in layout_lines(name, fields):
            out.append(f'  printf("{name}.{path} %zu\\n", offsetof({name}, {path}));')
        out.append(f'  printf("{name} sizeof %zu\\n", sizeof({name}));')
    out += ["  return 0;", "}", ""]
    return "\n".join(out)


def emit_cs_layout(structs):
    """A C# method listing the same lines from the C# structs, so the test compares like with like."""
    out = ["    internal static unsafe class MjStructLayout",
           "    {",
           "        /// <summary>One line per field, \"struct.field offset\", and \"struct sizeof size\", as the C probe prints.</summary>",
           "        public static List<string> Describe()",
           "        {",
           "            var lines = new List<string>();"]
    for name, fields in structs:
        out.append("            {")
        # Heap memory: mjVFS alone is 2 MB, too big for a test thread's stack.
        out.append(f"                var s = ({name}*)NativeMemory.AllocZeroed((nuint)sizeof({name}));")
        out.append("                byte* p = (byte*)s;")
        for path, fixed in layout_lines(name, fields):
            cs_path = ".".join(cs_name(x) for x in path.split("."))
            # A fixed buffer is already a pointer to its first element; anything else needs its address taken.
            address = f"(byte*)s->{cs_path}" if fixed else f"(byte*)&s->{cs_path}"
            out.append(f'                lines.Add("{name}.{path} " + (long)({address} - p));')
        out.append(f'                lines.Add("{name} sizeof " + sizeof({name}));')
        out.append("                NativeMemory.Free(s);")
        out.append("            }")
    out += ["            return lines;", "        }", "    }"]
    return out


def xmacro_pointers(text, macro):
    """Field names of an X-macro list in mjxmacro.h, in MuJoCo's allocation order."""
    m = re.search(r"#define\s+" + macro + r"\s*\\\n(.*?)\n\s*\n", text, re.S)
    if not m:
        raise SystemExit(f"generate-mujoco-structs: {macro} not found in mjxmacro.h")
    return re.findall(r"X\(\s*\w+\s*,\s*(\w+)\s*,", m.group(1))


def emit_pointer_blocks(model_names, data_names):
    """Reads the pointer fields in MuJoCo's allocation order (mjxmacro.h), for the runtime layout self-check."""
    out = ["    internal static unsafe class MjPointerBlocks",
           "    {"]
    for struct, names in (("mjModel", model_names), ("mjData", data_names)):
        arr = ", ".join(f'"{n}"' for n in names)
        out.append(f"        public static readonly string[] {struct}Names = [{arr}];")
        out.append("")
        out.append(f"        public static void Read({struct}* p, Span<nint> pointers)")
        out.append("        {")
        for i, n in enumerate(names):
            out.append(f"            pointers[{i}] = (nint)p->{cs_name(n)};")
        out.append("        }")
        out.append("")
    out[-1:] = ["    }", ""]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--headers", default=HEADER_DIR)
    ap.add_argument("--out", default=OUT_CS)
    ap.add_argument("--emit-c", metavar="FILE", help="also write the offsetof/sizeof probe C program here")
    ap.add_argument("--no-cs", action="store_true", help="do not write the C# file")
    args = ap.parse_args()

    texts = {}
    for header in ("mjtnum.h", "mjmodel.h", "mjdata.h"):
        with open(os.path.join(args.headers, header), encoding="utf-8") as fh:
            texts[header] = fh.read()
    if "#define mjUSEDOUBLE" not in texts["mjtnum.h"]:
        raise SystemExit("generate-mujoco-structs: mjtNum is not double in this build; the type map assumes it is")
    consts = read_constants(texts.values())
    version = re.search(r"#define\s+mjVERSION_HEADER\s+(\d+)", open(os.path.join(args.headers, "mujoco.h")).read())

    structs = [(name, parse_struct(texts[header], name, consts)) for header, name in STRUCTS]

    if args.emit_c:
        with open(args.emit_c, "w", encoding="utf-8") as fh:
            fh.write(emit_c(structs))

    if args.no_cs:
        return

    em = Emitter()
    for name, fields in structs:
        em.struct(name, fields)
    lines = ["// <auto-generated>",
             "// Generated by build/generate-mujoco-structs.py from the MuJoCo headers"
             f" (mjVERSION_HEADER {version.group(1) if version else '?'}). Do not edit: rerun the script.",
             "// </auto-generated>",
             "#pragma warning disable CS0649, CS1591, IDE1006, CA1707, CA1051, CA1815, CA1711",
             "using System.Runtime.CompilerServices;",
             "using System.Runtime.InteropServices;",
             "",
             "namespace Mede.ML.Environments.MuJoCo.Native",
             "{",
             "    /// <summary>Integer constants of the headers that size the mirrored arrays.</summary>",
             "    internal static class MjConstants",
             "    {"]
    if version:
        lines.append(f"        public const int mjVERSION_HEADER = {version.group(1)};")
    for key in sorted(k for k in consts if re.match(r"^mj(N|MAX)\w+$", k) or k.startswith("mjWARN_")):
        lines.append(f"        public const int {key} = {consts[key]};")
    lines += ["    }", ""]
    lines += em.out
    for arr, (t, n) in sorted(em.inline_arrays.items()):
        lines += [f"    [InlineArray({n})]",
                  f"    internal struct {arr}",
                  "    {",
                  f"        private {t} _element0;",
                  "    }",
                  ""]
    with open(os.path.join(args.headers, "mjxmacro.h"), encoding="utf-8") as fh:
        xmacro = fh.read()
    lines += emit_pointer_blocks(xmacro_pointers(xmacro, "MJMODEL_POINTERS"), xmacro_pointers(xmacro, "MJDATA_POINTERS"))
    lines += emit_cs_layout(structs)
    lines.append("}")
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"generate-mujoco-structs: wrote {os.path.normpath(args.out)} ({len(structs)} structs)")


if __name__ == "__main__":
    main()
