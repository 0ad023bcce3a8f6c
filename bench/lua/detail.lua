-- GET one request after another; args: the path prefix, then a file of
-- public ids, one a line. Threads start at different places in the list.
local prefix
local ids = {}
local next_index = 0

function init(args)
  prefix = args[1]
  for line in io.lines(args[2]) do
    ids[#ids + 1] = line
  end
  next_index = (thread_number or 0) * math.floor(#ids / 2)
end

function request()
  next_index = next_index + 1
  local id = ids[(next_index % #ids) + 1]
  return wrk.format("GET", prefix .. id .. ".json")
end
