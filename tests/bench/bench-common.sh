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
