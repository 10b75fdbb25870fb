-- The S3 server's raw GET rate on the crawl bucket's metadata keys: each wrk thread cycles over the keys of
-- KEYS (one percent-encoded key a line), starting at its own offset so the threads do not move in step.
-- Usage: wrk -t2 -c64 -d10s -s bench/get_keys.lua http://127.0.0.1:PORT/BUCKET -- KEYS
local count = 0

function setup(thread)
   thread:set("id", count)
   count = count + 1
end

function init(args)
   keys = {}
   for line in io.lines(args[1]) do
      keys[#keys + 1] = line
   end
   assert(#keys > 0, "no keys in " .. args[1])
   index = (id * 7919) % #keys
   prefix = wrk.path:gsub("/$", "") .. "/"
end

function request()
   index = index % #keys + 1
   return wrk.format("GET", prefix .. keys[index])
end
