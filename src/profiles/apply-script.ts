import { bucketsKept, RESOLUTIONS } from './feature-buckets';
import { FEATURE_WINDOWS } from './features';

/** The bucket hash expires this long after its last new field (the longest window plus two of its buckets). */
export const BUCKET_HASH_TTL_MS = Math.max(...RESOLUTIONS.map((r) => FEATURE_WINDOWS[r.window] + 2 * r.size));

/**
 * A shopper's state hash, paid orders, coupon orders and channels expire this long after their last new day bucket
 * (400 days: longer than every window, so `days_since_last_order` and `orders_365d` stay right for anyone active in
 * that time); the database snapshot keeps them after that.
 */
export const STATE_TTL_MS = 400 * 86_400_000;

/** A bucket hash is pruned of buckets that left their window once it has this many buckets (and twice as many as after its last pruning). */
export const PRUNE_FROM_FIELDS = 64;

const kept = RESOLUTIONS.map((r) => `${r.hash} = ${bucketsKept(r)}`).join(', ');

/**
 * Applies a batch of events to the hot features in one atomic call (keys: FeatureKeys). Node has already combined
 * the events per shopper (apply-program.ts), so Redis runs a handful of commands per shopper, not per event:
 *
 * 1. Dedupe: the batch's ids are looked up (SMISMEMBER) in the dedupe sets `<seen><n>` of the last few dedupe
 *    periods. If any was applied before, nothing is written and the script answers one character per id
 *    (`0` applied before, `1` new): the caller drops those events and calls again. Otherwise all ids are added to
 *    the current period's set (SADD, expiring `ttl` after the period ends) and the batch is applied.
 * 2. Per shopper: the bucket hash `:b` is read (HMGET of the fields the batch touches, and `_n`, its bucket count)
 *    and written back with the sums (HSET); a new day bucket renews its expiry, and once the hash is big, buckets
 *    that left their window are pruned (HKEYS, HDEL). The
 *    state hash `:s` likewise: `last:<type>` only moves forward, prices add up, cart changes run in batch order
 *    (an order_created empties the cart, an older cart change is ignored). Paid orders count once (ZADD NX).
 * 3. Every shopper is added to `<prefix>:pf:dirty`.
 *
 * Counts are commutative and "last" values take the maximum, so events applied in any order give the same features.
 *
 * ARGV: `<prefix>:pf:`, dedupe set key prefix, current dedupe period number, how many periods to look in (current
 * and older), the current set's PEXPIREAT ms, the ids (JSON array), apply-program's shopperProgram (JSON).
 * Returns `''` when all were applied, else the flags above (nothing applied).
 */
export const APPLY_EVENTS_LUA = `
local base = ARGV[1]
local seen = ARGV[2]
local period = tonumber(ARGV[3])
local periods = tonumber(ARGV[4])
local ids = cjson.decode(ARGV[6])
local n = #ids
local kept = { ${kept} }

local function chunks(fn, list, from, to)
  for a = from, to, 1000 do fn(a, math.min(to, a + 999)) end
end

local dup, any = {}, false
for p = 0, periods - 1 do
  chunks(function(a, b)
    local hits = redis.call('SMISMEMBER', seen .. (period - p), unpack(ids, a, b))
    for j = 1, #hits do if hits[j] == 1 then dup[a + j - 1] = true; any = true end end
  end, ids, 1, n)
end
if any then
  local flags = {}
  for j = 1, n do flags[j] = dup[j] and '0' or '1' end
  return table.concat(flags)
end
local current = seen .. period
chunks(function(a, b) redis.call('SADD', current, unpack(ids, a, b)) end, ids, 1, n)
redis.call('PEXPIREAT', current, ARGV[5])

local function prune(key, names)
  local newest, parsed = {}, {}
  for _, f in ipairs(names) do
    local r, b = string.match(f, '^(%a):.*|(%d+)$')
    if r and kept[r] then
      b = tonumber(b)
      parsed[#parsed + 1] = { f, r, b }
      if not newest[r] or b > newest[r] then newest[r] = b end
    end
  end
  local stale = {}
  for _, p in ipairs(parsed) do if p[3] < newest[p[2]] - kept[p[2]] then stale[#stale + 1] = p[1] end end
  chunks(function(a, b) redis.call('HDEL', key, unpack(stale, a, b)) end, stale, 1, #stale)
  redis.call('HSET', key, '_n', #parsed - #stale, '_p', #parsed - #stale)
end

local users = {}
for _, sh in ipairs(cjson.decode(ARGV[7])) do
  local user, bk, last, psum, pn, cartOps, paid, couponUsed, channels = unpack(sh)
  users[#users + 1] = user
  local k = base .. user
  local b, s = k .. ':b', k .. ':s'
  local nb = #bk / 2
  local fields = {}
  for j = 1, nb do fields[j] = bk[2 * j - 1] end
  fields[nb + 1] = '_n'
  fields[nb + 2] = '_p'
  local cur = redis.call('HMGET', b, unpack(fields))
  local sums, fresh, newDay = {}, 0, false
  for j = 1, nb do
    if not cur[j] then
      fresh = fresh + 1
      if string.byte(fields[j], 1) == 100 then newDay = true end -- 'd': a new day bucket
    end
    sums[2 * j - 1] = fields[j]
    sums[2 * j] = (tonumber(cur[j]) or 0) + bk[2 * j]
  end
  local size = (tonumber(cur[nb + 1]) or 0) + fresh
  if fresh > 0 then sums[#sums + 1] = '_n'; sums[#sums + 1] = size end
  redis.call('HSET', b, unpack(sums))
  -- the newest day bucket counts for 31 days: renewing the expiry with each new one keeps every counting bucket
  if newDay then redis.call('PEXPIRE', b, ${BUCKET_HASH_TTL_MS}) end
  if fresh > 0 and size >= math.max(${PRUNE_FROM_FIELDS}, 2 * (tonumber(cur[nb + 2]) or 0)) then prune(b, redis.call('HKEYS', b)) end

  local nl = #last / 2
  local sf = { 'cart', 'cart_at', 'psum', 'pn', 'xd' }
  local newest = 0
  for j = 1, nl do
    sf[5 + j] = 'last:' .. last[2 * j - 1]
    newest = math.max(newest, tonumber(last[2 * j]))
  end
  local st = redis.call('HMGET', s, unpack(sf))
  local out = {}
  for j = 1, nl do
    if tonumber(last[2 * j]) > (tonumber(st[5 + j]) or -1) then out[#out + 1] = sf[5 + j]; out[#out + 1] = last[2 * j] end
  end
  -- the keys' expiry is renewed once per shopper and UTC day of activity (field xd: the day last renewed)
  local day = math.floor(newest / 86400000)
  local renew = tonumber(st[5]) ~= day and day > 0
  if renew then out[#out + 1] = 'xd'; out[#out + 1] = day end
  if pn > 0 then
    out[#out + 1] = 'psum'; out[#out + 1] = (tonumber(st[3]) or 0) + psum
    out[#out + 1] = 'pn'; out[#out + 1] = (tonumber(st[4]) or 0) + pn
  end
  if #cartOps > 0 then
    local cart, cartAt, cartAtSet, changed = tonumber(st[1]), tonumber(st[2]) or -1, false, false
    for j = 1, #cartOps, 2 do
      local at, change = cartOps[j], cartOps[j + 1]
      if change == 'o' then
        if at > cartAt then cartAt = at; cartAtSet = true; cart = 0; changed = true end
      elseif at > cartAt then
        cart = (cart or 0) + change; changed = true
      end
    end
    if cartAtSet then out[#out + 1] = 'cart_at'; out[#out + 1] = string.format('%d', cartAt) end
    if changed then out[#out + 1] = 'cart'; out[#out + 1] = string.format('%d', cart) end
  end
  if #out > 0 then redis.call('HSET', s, unpack(out)) end

  -- the shopper's other keys live while a day of activity comes within STATE_TTL_MS: renewed on the first batch of a
  -- day (xd above), and set when this call adds to a key (it may be created later that day)
  local grown = {}
  for j = 1, #paid, 4 do
    local order, at, amount, coupon = paid[j], paid[j + 1], paid[j + 2], paid[j + 3]
    if redis.call('ZADD', k .. ':o', 'NX', at, order) == 1 then
      redis.call('HINCRBY', s, 'orders', 1)
      redis.call('HINCRBY', s, 'spent', amount)
      grown[':o'] = true
      grown[':s'] = true
    end
    if coupon == 1 and redis.call('SADD', k .. ':cu', order) == 1 then grown[':cu'] = true end
  end
  if #couponUsed > 0 and redis.call('SADD', k .. ':cu', unpack(couponUsed)) > 0 then grown[':cu'] = true end
  if #channels > 0 and redis.call('SADD', k .. ':ch', unpack(channels)) > 0 then grown[':ch'] = true end
  for _, suffix in ipairs({ ':s', ':o', ':cu', ':ch' }) do
    if renew or grown[suffix] then redis.call('PEXPIRE', k .. suffix, ${STATE_TTL_MS}) end
  end
end
chunks(function(a, b) redis.call('SADD', base .. 'dirty', unpack(users, a, b)) end, users, 1, #users)
return ''
`;
