-- Counts answers outside 2xx in every thread, so that a redirect (which
-- wrk counts as a success) fails the run as an error would. Each scenario
-- script is appended to this one.
local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

bad_answers = 0
first_bad_status = 0

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad_answers = bad_answers + 1
    if first_bad_status == 0 then
      first_bad_status = status
    end
  end
end

function done(summary, latency, requests)
  local bad, first = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("bad_answers")
    if first == 0 then
      first = thread:get("first_bad_status")
    end
  end
  io.write(string.format("BENCH bad_answers=%d first_bad_status=%d\n", bad, first))
end
