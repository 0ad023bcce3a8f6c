-- POST a new request as an API client; args: the path, the api_key, then
-- a comma-separated list of service codes to rotate through. Each body is
-- different: place, description and email change every time.
local path, key
local codes = {}
local sent = 0
local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
local problems = {
  "Pothole+in+the+right+lane", "Trash+not+picked+up",
  "Streetlight+out+since+Monday", "Car+parked+for+weeks",
}

function init(args)
  path, key = args[1], args[2]
  for code in string.gmatch(args[3], "[^,]+") do
    codes[#codes + 1] = code
  end
  math.randomseed(os.time() + (thread_number or 0) * 7919)
end

function request()
  sent = sent + 1
  local body = string.format(
    "api_key=%s&service_code=%s&lat=%.6f&long=%.6f&description=%s+%d" ..
    "&email=resident%d.%d%%40example.org",
    key, codes[(sent % #codes) + 1],
    38.785 + math.random() * 0.06, -77.144 + math.random() * 0.107,
    problems[(sent % #problems) + 1], sent, thread_number or 0, sent)
  return wrk.format("POST", path, headers, body)
end
