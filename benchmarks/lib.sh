# Shell helpers shared by the benchmark scripts (sourced, not run).

free_port() { # a TCP port on 127.0.0.1 that nothing listens on
  local p
  for p in $(shuf -i 20000-45000 -n 100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

status_of() { # method url [body] -> HTTP status (000 when nothing answers)
  if [ -n "${3:-}" ]; then
    curl -s -o /dev/null -w '%{http_code}' -m 10 -X "$1" -H 'Content-Type: application/json' -d "$3" "$2" || true
  else
    curl -s -o /dev/null -w '%{http_code}' -m 10 -X "$1" "$2" || true
  fi
}
