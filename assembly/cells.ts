// Cell forward and backward steps (the same formulas as src/core/kernels/ts.ts), four units at a
// time; a row of H units whose length is not a multiple of 4 ends with a partial vector.
import { addRow, ld, st } from './lanes';
import { sigmoidRow, tanhRow } from './math';

@inline function mul(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
@inline function add(a: v128, b: v128): v128 { return f32x4.add(a, b); }
@inline function sub(a: v128, b: v128): v128 { return f32x4.sub(a, b); }
@inline function one(): v128 { return f32x4.splat(1); }

export function rnnCell(B: i32, H: i32, pre: usize, h: usize): void {
  // h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
  tanhRow(pre, pre, B * H);
  memory.copy(h, pre, <usize>(B * H) * 4);
}

export function rnnCellBackward(B: i32, H: i32, h: usize, dh: usize): void {
  const n = B * H;
  let j = 0;
  for (; j + 4 <= n; j += 4) rnnBack(<usize>j * 4, 4, h, dh);
  if (j < n) rnnBack(<usize>j * 4, n - j, h, dh);
}

// dpre = (1 - h^2) * dh on w lanes at byte offset o (as cellState below)
@inline function rnnBack(o: usize, w: i32, h: usize, dh: usize): void {
  const y = ld(h + o, w);
  st(dh + o, mul(ld(dh + o, w), sub(one(), mul(y, y))), w);
}

// gates [B,4H] in order i,f,g,o; c_t = f c_{t-1} + i g; h_t = o tanh(c_t). Each activation is
// a pass over its part of the row (math.ts says why)
export function lstmCell(B: i32, H: i32, gates: usize, cPrev: usize, c: usize, tc: usize, h: usize): void {
  const H4 = <usize>H * 4;
  for (let b = 0; b < B; b++) {
    const gi = gates + <usize>b * 4 * H4, gf = gi + H4, gg = gf + H4, go = gg + H4, s = <usize>b * H4;
    sigmoidRow(gi, 2 * H);
    tanhRow(gg, gg, H);
    sigmoidRow(go, H);
    let j = 0;
    for (; j + 4 <= H; j += 4) cellState(<usize>j * 4, 4, gi, gf, gg, cPrev + s, c + s);
    if (j < H) cellState(<usize>j * 4, H - j, gi, gf, gg, cPrev + s, c + s);
    tanhRow(c + s, tc + s, H);
    for (j = 0; j + 4 <= H; j += 4) hidden(<usize>j * 4, 4, go, tc + s, h + s);
    if (j < H) hidden(<usize>j * 4, H - j, go, tc + s, h + s);
  }
}

// c_t = f c_{t-1} + i g and h_t = o tanh(c_t) on the w lanes at byte offset o (each loop calls its
// body with w = 4 for the whole vectors, then once with the rest: lanes.ts says why)
@inline function cellState(o: usize, w: i32, gi: usize, gf: usize, gg: usize, cPrev: usize, c: usize): void {
  st(c + o, add(mul(ld(gf + o, w), ld(cPrev + o, w)), mul(ld(gi + o, w), ld(gg + o, w))), w);
}
@inline function hidden(o: usize, w: i32, go: usize, tc: usize, h: usize): void {
  st(h + o, mul(ld(go + o, w), ld(tc + o, w)), w);
}

export function lstmCellBackward(B: i32, H: i32, gates: usize, cPrev: usize, tc: usize, dh: usize, dc: usize, dgates: usize): void {
  const H4 = <usize>H * 4;
  for (let b = 0; b < B; b++) {
    const g0 = gates + <usize>b * 4 * H4, d0 = dgates + <usize>b * 4 * H4, s0 = <usize>b * H4;
    let j = 0;
    for (; j + 4 <= H; j += 4) lstmBack(<usize>j * 4, 4, H4, g0, d0, s0, cPrev, tc, dh, dc);
    if (j < H) lstmBack(<usize>j * 4, H - j, H4, g0, d0, s0, cPrev, tc, dh, dc);
  }
}

// the backward step on w lanes of four units at byte offset o (as cellState above)
@inline function lstmBack(o: usize, w: i32, H4: usize, g0: usize, d0: usize, s0: usize, cPrev: usize, tc: usize, dh: usize, dc: usize): void {
  const s = s0 + o, gi = g0 + o, di = d0 + o;
  const i = ld(gi, w), f = ld(gi + H4, w), g = ld(gi + 2 * H4, w), og = ld(gi + 3 * H4, w);
  const t = ld(tc + s, w), dht = ld(dh + s, w);
  // dc_t = dh o (1 - tanh(c)^2) + dc_next
  const dct = add(ld(dc + s, w), mul(mul(dht, og), sub(one(), mul(t, t))));
  st(di, mul(mul(mul(dct, g), i), sub(one(), i)), w);                       // di σ'
  st(di + H4, mul(mul(mul(dct, ld(cPrev + s, w)), f), sub(one(), f)), w);   // df σ'
  st(di + 2 * H4, mul(mul(dct, i), sub(one(), mul(g, g))), w);              // dg tanh'
  st(di + 3 * H4, mul(mul(mul(dht, t), og), sub(one(), og)), w);            // do σ'
  st(dc + s, mul(dct, f), w);                                               // dc_{t-1}
}

// gi, gh [B,3H] in order r,z,n: r = σ(gi_r+gh_r), z = σ(gi_z+gh_z), n = tanh(gi_n + r gh_n),
// h = (1-z) n + z h_prev; r, z, n written over gi
export function gruCell(B: i32, H: i32, gi: usize, gh: usize, hPrev: usize, h: usize): void {
  const H4 = <usize>H * 4;
  for (let b = 0; b < B; b++) {
    const a = gi + <usize>b * 3 * H4, q = gh + <usize>b * 3 * H4, s = <usize>b * H4;
    addRow(a, q, 2 * H);
    sigmoidRow(a, 2 * H);
    const an = a + 2 * H4, qn = q + 2 * H4;
    let j = 0;
    for (; j + 4 <= H; j += 4) candidate(<usize>j * 4, 4, an, a, qn);
    if (j < H) candidate(<usize>j * 4, H - j, an, a, qn);
    tanhRow(an, an, H);
    for (j = 0; j + 4 <= H; j += 4) blend(<usize>j * 4, 4, a + H4, an, hPrev + s, h + s);
    if (j < H) blend(<usize>j * 4, H - j, a + H4, an, hPrev + s, h + s);
  }
}

// gi_n + r gh_n, and h = (1-z) n + z h_prev, on w lanes at byte offset o (as cellState above)
@inline function candidate(o: usize, w: i32, an: usize, r: usize, qn: usize): void {
  st(an + o, add(ld(an + o, w), mul(ld(r + o, w), ld(qn + o, w))), w);
}
@inline function blend(o: usize, w: i32, zs: usize, n: usize, hPrev: usize, h: usize): void {
  const z = ld(zs + o, w);
  st(h + o, add(mul(sub(one(), z), ld(n + o, w)), mul(z, ld(hPrev + o, w))), w);
}

export function gruCellBackward(B: i32, H: i32, acts: usize, gh: usize, hPrev: usize, dh: usize,
  dgi: usize, dgh: usize, dhPrev: usize): void {
  const H4 = <usize>H * 4;
  for (let b = 0; b < B; b++) {
    const row = <usize>b * 3 * H4, s0 = <usize>b * H4;
    let j = 0;
    for (; j + 4 <= H; j += 4) gruBack(<usize>j * 4, 4, H4, acts + row, gh + row, dgi + row, dgh + row, hPrev + s0, dh + s0, dhPrev + s0);
    if (j < H) gruBack(<usize>j * 4, H - j, H4, acts + row, gh + row, dgi + row, dgh + row, hPrev + s0, dh + s0, dhPrev + s0);
  }
}

// the backward step on w lanes of four units at byte offset o, each pointer at its row's start
@inline function gruBack(o: usize, w: i32, H4: usize, acts: usize, gh: usize, dgi: usize, dgh: usize, hPrev: usize, dh: usize, dhPrev: usize): void {
  const a = acts + o, x = dgi + o, y = dgh + o;
  const r = ld(a, w), z = ld(a + H4, w), n = ld(a + 2 * H4, w), d = ld(dh + o, w);
  const dn = mul(mul(d, sub(one(), z)), sub(one(), mul(n, n)));              // through tanh
  const dz = mul(mul(mul(d, sub(ld(hPrev + o, w), n)), z), sub(one(), z));
  const dr = mul(mul(mul(dn, ld(gh + o + 2 * H4, w)), r), sub(one(), r));
  st(x, dr, w); st(x + H4, dz, w); st(x + 2 * H4, dn, w);
  st(y, dr, w); st(y + H4, dz, w); st(y + 2 * H4, mul(dn, r), w);
  st(dhPrev + o, mul(d, z), w);
}
