-- wrk: a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method). FractalisServlet answers it
-- itself, before the session lookup and before Jersey: the floor of any request through Jetty and Pax Web.
wrk.method = "OPTIONS"
wrk.headers["Origin"] = "http://127.0.0.1:1"
wrk.headers["Access-Control-Request-Method"] = "GET"
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")
