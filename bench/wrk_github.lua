-- wrk script for bench/ingest.py: POST signed GitHub pull_request deliveries, every one a distinct body.
--
-- pmbot deduplicates on the body too (a digest of its verified signature), so one body under new delivery ids
-- would be one delivery and then duplicates. Each body is a fixed prefix P (the public pull_request.opened
-- example with its closing brace replaced by `,<spaces>"zz_bench_nonce":"`, padded to a multiple of 64 bytes)
-- followed by S = `<delivery id>"}`: the delivery id (prefix-thread-counter, fixed width) is the nonce.
-- X-Hub-Signature-256 is HMAC-SHA256(secret, P .. S), finished here from two SHA-256 midstates bench/ingest.py
-- computes once: the state after (key xor ipad) .. P and the state after (key xor opad). Per request that is
-- one or two compressions for S and one for the outer hash, not 440 over the whole body.
--
-- Arguments (after --): delivery id prefix, file of P, inner midstate (64 hex digits), outer midstate (64 hex).
-- Checked against Python's hmac by `bench/ingest.py --check-lua` (standalone luajit, the functions below).
local bit = require("bit")
local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local rshift, lshift, ror, tobit, tohex = bit.rshift, bit.lshift, bit.ror, bit.tobit, bit.tohex
local byte, char, format, rep = string.byte, string.char, string.format, string.rep

local K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
for i = 1, 64 do K[i] = tobit(K[i]) end
local W = {}

-- SHA-256 compression of the 64-byte block of `s` starting at `at` (1-based) into state `h` (8 signed words).
local function compress(h, s, at)
  for i = 1, 16 do
    local a, b, c, d = byte(s, at, at + 3)
    W[i] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
    at = at + 4
  end
  for i = 17, 64 do
    local w15, w2 = W[i - 15], W[i - 2]
    local s0 = bxor(ror(w15, 7), ror(w15, 18), rshift(w15, 3))
    local s1 = bxor(ror(w2, 17), ror(w2, 19), rshift(w2, 10))
    W[i] = tobit(W[i - 16] + s0 + W[i - 7] + s1)
  end
  local a, b, c, d, e, f, g, hh = h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8]
  for i = 1, 64 do
    local S1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
    local ch = bxor(band(e, f), band(bnot(e), g))
    local t1 = tobit(hh + S1 + ch + K[i] + W[i])
    local S0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
    local maj = bxor(band(a, b), band(a, c), band(b, c))
    local t2 = tobit(S0 + maj)
    hh, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + t2)
  end
  h[1], h[2], h[3], h[4] = tobit(h[1] + a), tobit(h[2] + b), tobit(h[3] + c), tobit(h[4] + d)
  h[5], h[6], h[7], h[8] = tobit(h[5] + e), tobit(h[6] + f), tobit(h[7] + g), tobit(h[8] + hh)
end

-- Finish a hash whose state `mid` covers `done` bytes (a multiple of 64) with `tail`: the 32-byte digest.
local function finish(mid, done, tail)
  local h = { mid[1], mid[2], mid[3], mid[4], mid[5], mid[6], mid[7], mid[8] }
  local bits = (done + #tail) * 8
  local zeros = (55 - #tail) % 64
  local hi, lo = math.floor(bits / 4294967296), bits % 4294967296
  local msg = tail .. "\128" .. rep("\0", zeros) .. char(
    band(rshift(hi, 24), 255), band(rshift(hi, 16), 255), band(rshift(hi, 8), 255), band(hi, 255),
    band(rshift(lo, 24), 255), band(rshift(lo, 16), 255), band(rshift(lo, 8), 255), band(lo, 255))
  for at = 1, #msg, 64 do compress(h, msg, at) end
  local out = {}
  for i = 1, 8 do
    local w = h[i]
    out[i] = char(band(rshift(w, 24), 255), band(rshift(w, 16), 255), band(rshift(w, 8), 255), band(w, 255))
  end
  return table.concat(out)
end

local function hexstate(text)
  assert(#text == 64, "a midstate is 64 hex digits")
  local h = {}
  for i = 1, 8 do h[i] = tobit(tonumber(text:sub(i * 8 - 7, i * 8), 16)) end
  return h
end

local function tohexstring(s)
  return (s:gsub(".", function(c) return format("%02x", byte(c)) end))
end

-- HMAC-SHA256 of P .. tail from the midstates (the inner one covers 64 + #P bytes): "sha256=<hex>".
local function signature(inner, outer, plen, tail)
  return "sha256=" .. tohexstring(finish(outer, 64, finish(inner, 64 + plen, tail)))
end

local prefix, P, inner, outer = "bench", "", nil, nil
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  prefix = args[1]
  local file = assert(io.open(args[2], "rb"))
  P = file:read("*all")
  file:close()
  assert(#P % 64 == 0, "the body prefix must be a multiple of 64 bytes long")
  inner, outer = hexstate(args[3]), hexstate(args[4])
  prefix = prefix .. "-" .. tostring(thread_id or 1) .. "-"
end

-- The next delivery: its id, body and signature.
function delivery()
  counter = counter + 1
  local id = prefix .. format("%09d", counter)
  local tail = id .. '"}'
  return id, P .. tail, signature(inner, outer, #P, tail)
end

function request()
  local id, body, sig = delivery()
  return wrk.format("POST", "/webhooks/github", {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "GitHub-Hookshot/bench",
    ["X-GitHub-Event"] = "pull_request",
    ["X-GitHub-Delivery"] = id,
    ["X-Hub-Signature-256"] = sig,
  }, body)
end
