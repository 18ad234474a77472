package main

import (
	"strconv"
	"strings"
)

// controllers are the kube-controller-manager controllers the tests rely on
// (names from cmd/kube-controller-manager/names). Without
// serviceaccount-controller no namespace gets its "default" ServiceAccount,
// and the ServiceAccount admission plugin then rejects every pod.
var controllers = []string{
	"job-controller",
	"garbage-collector-controller",
	"ttl-after-finished-controller",
	"serviceaccount-controller",
	"serviceaccount-token-controller",
	"namespace-controller",
	// Keeps ResourceQuota status current; without it quota admission has
	// nothing to check against.
	"resourcequota-controller",
}

func apiserverArgs(etcdURL string, port int, p *pki, a *admin) []string {
	return append([]string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--tls-cert-file=" + p.certFile,
		"--tls-private-key-file=" + p.keyFile,
		"--token-auth-file=" + a.tokenFile,
		"--authorization-mode=RBAC",
		// --api-audiences defaults to the issuer, which is what TokenRequest
		// clients get when they name no audience.
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-signing-key-file=" + p.saKeyFile,
		"--service-account-key-file=" + p.saKeyFile,
		"--service-cluster-ip-range=10.96.0.0/16",
		// Only one apiserver and no kube-proxy: nothing needs the
		// "kubernetes" Service's Endpoints kept pointing at us.
		"--endpoint-reconciler-type=none",
		// Pod logs are fetched from the simulated kubelet at the node's
		// InternalIP; without --kubelet-certificate-authority the apiserver
		// does not verify the kubelet's serving certificate.
		"--kubelet-preferred-address-types=InternalIP",
	}, extraAPIServerArgs...)
}

func controllerManagerArgs(p *pki, a *admin) []string {
	return []string{
		"--kubeconfig=" + a.kubeconfigFile,
		"--controllers=" + strings.Join(controllers, ","),
		"--leader-elect=false",
		"--service-account-private-key-file=" + p.saKeyFile,
		"--root-ca-file=" + p.caFile,
		"--use-service-account-credentials=false",
		// The defaults (20 QPS, burst 30) make Jobs wait on the client-side
		// rate limiter once tests run a few dozen pods at a time.
		"--kube-api-qps=200",
		"--kube-api-burst=400",
		// No serving endpoint: nothing scrapes it, and it saves a port.
		"--secure-port=0",
	}
}
