-- POST a new request as an API client; args: the path, the api_key, then
-- a comma-separated list of service codes to rotate through. Each body is
-- different: place, description and email change every time.
local path, key
local codes = {}
local sent = 0
local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
-- Points well inside the demo city, one per neighbourhood or so; each body
-- lands within about 200 m of one of them. A point outside the city's
-- boundary would be refused with 400.
local places = {
  {38.8051, -77.0450}, {38.8250, -77.0600}, {38.8380, -77.0500},
  {38.8120, -77.0650}, {38.8150, -77.0950}, {38.8300, -77.0800},
  {38.8100, -77.1250}, {38.8280, -77.1150}, {38.8025, -77.0900},
  {38.8350, -77.1000},
}
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
  local place = places[(sent % #places) + 1]
  local body = string.format(
    "api_key=%s&service_code=%s&lat=%.6f&long=%.6f&description=%s+%d" ..
    "&email=resident%d.%d%%40example.org",
    key, codes[(sent % #codes) + 1],
    place[1] + (math.random() - 0.5) * 0.004,
    place[2] + (math.random() - 0.5) * 0.004,
    problems[(sent % #problems) + 1], sent, thread_number or 0, sent)
  return wrk.format("POST", path, headers, body)
end
