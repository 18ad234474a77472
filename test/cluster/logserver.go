package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	corelisters "k8s.io/client-go/listers/core/v1"
)

// logServer answers the one kubelet endpoint the apiserver proxies for
// GET .../pods/{pod}/log: /containerLogs/{namespace}/{pod}/{container}.
// The text is the container's SIM_LOG. The apiserver does not check the
// certificate (no --kubelet-certificate-authority) and sends no client
// certificate (no --kubelet-client-certificate), so neither side verifies.
type logServer struct {
	listener net.Listener
	server   *http.Server
	pods     corelisters.PodLister
}

func newLogServer(cert tls.Certificate, pods corelisters.PodLister) (*logServer, error) {
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		return nil, err
	}
	s := &logServer{listener: l, pods: pods}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /containerLogs/{namespace}/{pod}/{container}", s.containerLogs)
	s.server = &http.Server{Handler: mux}
	return s, nil
}

func (s *logServer) port() int32 { return int32(s.listener.Addr().(*net.TCPAddr).Port) }

func (s *logServer) serve() error { return s.server.Serve(s.listener) }

func (s *logServer) close() { _ = s.server.Close() }

func (s *logServer) containerLogs(w http.ResponseWriter, r *http.Request) {
	namespace, name, container := r.PathValue("namespace"), r.PathValue("pod"), r.PathValue("container")
	pod, err := s.pods.Pods(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		http.Error(w, fmt.Sprintf("pod %s/%s not found", namespace, name), http.StatusNotFound)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	// Like the kubelet: no logs before the container has started. The
	// apiserver turns a 400 into a BadRequest Status with this text.
	if reason := waitingReason(pod, container); reason != "" {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintf(w, "container %q in pod %q is waiting to start: %s", container, name, describeWaiting(reason))
		return
	}
	text := applyLogOptions(containerLog(pod, container), r)
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(text))
	if r.URL.Query().Get("follow") == "true" {
		s.follow(w, r, namespace, name, container)
	}
}

// follow holds a followed log open, as the kubelet does, until the container
// has terminated, the pod is gone or the client hangs up. SIM_LOG is written
// at once, so nothing more comes; what a follower sees is when the log ends.
func (s *logServer) follow(w http.ResponseWriter, r *http.Request, namespace, name, container string) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	ticker := time.NewTicker(100 * time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-ticker.C:
			pod, err := s.pods.Pods(namespace).Get(name)
			if err != nil || pod.DeletionTimestamp != nil || terminated(pod, container) {
				return
			}
		}
	}
}

func terminated(pod *v1.Pod, container string) bool {
	for _, cs := range pod.Status.ContainerStatuses {
		if cs.Name == container {
			return cs.State.Terminated != nil
		}
	}
	return false
}

// applyLogOptions honours tailLines and limitBytes; follow is honoured by
// containerLogs; the other options (since*, timestamps, previous) are
// accepted and ignored.
func applyLogOptions(text string, r *http.Request) string {
	q := r.URL.Query()
	if n, err := strconv.Atoi(q.Get("tailLines")); err == nil && n >= 0 {
		lines := strings.SplitAfter(text, "\n")
		if lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		if len(lines) > n {
			text = strings.Join(lines[len(lines)-n:], "")
		}
	}
	if n, err := strconv.Atoi(q.Get("limitBytes")); err == nil && n >= 0 && len(text) > n {
		text = text[:n]
	}
	return text
}

// describeWaiting words a waiting reason the way the kubelet does.
func describeWaiting(reason string) string {
	switch reason {
	case "ErrImagePull":
		return "image can't be pulled"
	case "ImagePullBackOff":
		return "trying and failing to pull image"
	}
	return reason
}

// waitingReason is why the container has no log yet, or "" once it started.
func waitingReason(pod *v1.Pod, container string) string {
	for _, cs := range pod.Status.ContainerStatuses {
		if cs.Name == container {
			if cs.State.Waiting != nil {
				return cs.State.Waiting.Reason
			}
			return ""
		}
	}
	return "ContainerCreating"
}
