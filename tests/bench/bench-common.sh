# Sourced by the benchmark scripts: what they share.

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# backend_config FOLDER PORT: an nginx (one worker, keep-alive, no access log) answering every
# request with 200 {"ok":true}; prints the configuration file's path.
backend_config() {
    local folder=$1 port=$2
    cat > "$folder/backend.conf" <<CONF
worker_processes 1;
daemon off;
pid $folder/backend.pid;
error_log $folder/backend-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $folder; proxy_temp_path $folder; fastcgi_temp_path $folder; uwsgi_temp_path $folder; scgi_temp_path $folder;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$port;
        location / { default_type application/json; return 200 '{"ok":true}'; }
    }
}
CONF
    echo "$folder/backend.conf"
}

# The median of the numbers on standard input, one per line.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# CPU ticks (user, system) of every thread of process PID so far.
cpu_ticks() { awk '{print $14 " " $15}' "/proc/$1/stat"; }

# The 99th-percentile latency in milliseconds from wrk --latency output on standard input.
wrk_p99_ms() {
    awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
        print (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }'
}

# The scratch folder (tmp) and every process started (pids) go when the script exits.
pids=()
tmp=""
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
