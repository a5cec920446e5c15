-- wrk script: POST a GraphQL body chosen at random (per request) from the file $BODIES
-- (one JSON body per line), with the bearer token $TOKEN.
-- With $REQUESTS and $DONE_DIR, each thread stops after its share of $REQUESTS responses
-- and leaves a file in $DONE_DIR; the caller then interrupts wrk (SIGINT), which still
-- prints its statistics (bench/run.py: a fixed number of requests, for CPU per request).
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do
  bodies[#bodies + 1] = line
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("seed", math.random(1, 1000000))
  thread:set("id", threads)
end

function init(args)
  math.randomseed(seed or os.time())
end

function request()
  return wrk.format(nil, nil, nil, bodies[math.random(#bodies)])
end

if os.getenv("REQUESTS") then
  local quota = nil
  local done = 0
  function response(status, headers, body)
    quota = quota or math.floor(tonumber(os.getenv("REQUESTS")) / tonumber(os.getenv("THREADS")))
    done = done + 1
    if done == quota then
      io.open(os.getenv("DONE_DIR") .. "/" .. id, "w"):close()
      wrk.thread:stop()
    end
  end
end
