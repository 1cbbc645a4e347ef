-- wrk script for bench/ingest.py: POST the same signed body under a new X-GitHub-Delivery each time.
-- Arguments (after --): delivery id prefix, body file, X-Hub-Signature-256 value. The signature covers only
-- the body, so one value signs every request; the delivery id is what makes each one a new delivery.
local prefix, body, signature = "bench", "", ""
local counter = 0

function init(args)
  prefix, signature = args[1], args[3]
  local file = assert(io.open(args[2], "rb"))
  body = file:read("*all")
  file:close()
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/webhooks/github", {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "GitHub-Hookshot/bench",
    ["X-GitHub-Event"] = "pull_request",
    ["X-GitHub-Delivery"] = prefix .. "-" .. counter,
    ["X-Hub-Signature-256"] = signature,
  }, body)
end
