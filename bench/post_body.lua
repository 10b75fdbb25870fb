-- POSTs the JSON body in BODY_FILE to the URL's path on every request (bench/api.sh: POST /v1/search).
-- Usage: wrk -t1 -c1 -d10s -s bench/post_body.lua http://127.0.0.1:PORT/v1/search -- BODY_FILE
function init(args)
   local file = assert(io.open(args[1], "rb"), "cannot read " .. tostring(args[1]))
   local body = file:read("*a")
   file:close()
   -- Formatted once per thread: wrk sends the same bytes each time, as it does for a plain GET.
   request_bytes = wrk.format("POST", wrk.path, {["Content-Type"] = "application/json"}, body)
end

function request()
   return request_bytes
end
