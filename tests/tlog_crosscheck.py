#!/usr/bin/python3
"""tlog_crosscheck.py FILE — an independent RFC 9162 Merkle tree, in nothing
but Python's standard library, to check tierd's C transparency log against.

It follows the RFC's recursive definitions literally (MTH §2.1.1, PATH
§2.1.3.1, PROOF/SUBPROOF §2.1.4.1) over the whole list of leaves, sharing no
code or idea with src/tlog/ (which works from stored subtree hashes).

FILE holds what the C code computed, one claim a line:
    leaves N                 the tree has entries b"leaf 0" .. b"leaf N-1"
    root SIZE HEX            tree head of the first SIZE leaves
    incl SIZE INDEX HEX...   inclusion proof of leaf INDEX in the tree of SIZE
    cons OLD NEW HEX...      consistency proof from OLD to NEW leaves
Every claim is recomputed here. Prints "agree: N claims" and exits 0, or
names the first claim that differs and exits 1.
"""
import functools
import hashlib
import sys


def leaf_hash(entry):
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def largest_power_of_two_below(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


class Tree:
    def __init__(self, n):
        self.leaves = [leaf_hash(b"leaf %d" % i) for i in range(n)]

    @functools.lru_cache(maxsize=None)
    def mth(self, lo, hi):
        n = hi - lo
        if n == 0:
            return hashlib.sha256(b"").digest()
        if n == 1:
            return self.leaves[lo]
        k = largest_power_of_two_below(n)
        return node_hash(self.mth(lo, lo + k), self.mth(lo + k, hi))

    def path(self, m, lo, hi):
        n = hi - lo
        if n == 1:
            return []
        k = largest_power_of_two_below(n)
        if m < k:
            return self.path(m, lo, lo + k) + [self.mth(lo + k, hi)]
        return self.path(m - k, lo + k, hi) + [self.mth(lo, lo + k)]

    def subproof(self, m, lo, hi, b):
        n = hi - lo
        if m == n:
            return [] if b else [self.mth(lo, hi)]
        k = largest_power_of_two_below(n)
        if m <= k:
            return self.subproof(m, lo, lo + k, b) + [self.mth(lo + k, hi)]
        return self.subproof(m - k, lo + k, hi, False) + [self.mth(lo, lo + k)]


def main(path):
    tree = None
    claims = 0
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            w = line.split()
            if not w:
                continue
            if w[0] == "leaves":
                tree = Tree(int(w[1]))
                continue
            if w[0] == "root":
                want = [tree.mth(0, int(w[1])).hex()]
                got = w[2:]
                claims += 1
                if want != got:
                    print("%s:%d: root %s differs\n  C:      %s\n  Python: %s"
                          % (path, lineno, w[1], " ".join(got), " ".join(want)))
                    return 1
                continue
            a, b = int(w[1]), int(w[2])
            if w[0] == "incl":
                want = [h.hex() for h in tree.path(b, 0, a)]
                got = w[3:]
            elif w[0] == "cons":
                want = [h.hex() for h in tree.subproof(a, 0, b, True)]
                got = w[3:]
            else:
                print("%s:%d: unknown claim %r" % (path, lineno, w[0]))
                return 1
            if want != got:
                print("%s:%d: %s differs\n  C:      %s\n  Python: %s"
                      % (path, lineno, " ".join(w[:3]), " ".join(got), " ".join(want)))
                return 1
            claims += 1
    print("agree: %d claims" % claims)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
