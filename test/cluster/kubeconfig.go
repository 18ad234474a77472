package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// admin is the identity every part of the test cluster uses: a static token
// in group system:masters, which the apiserver always authorizes, RBAC or not.
type admin struct {
	server         string
	token          string
	caPEM          []byte
	tokenFile      string // for --token-auth-file
	kubeconfigFile string
}

func newAdmin(dir, server string, caPEM []byte) (*admin, error) {
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	a := &admin{
		server:         server,
		token:          hex.EncodeToString(raw),
		caPEM:          caPEM,
		tokenFile:      filepath.Join(dir, "tokens.csv"),
		kubeconfigFile: filepath.Join(dir, "kubeconfig"),
	}
	// Format: token,user,uid,"group1,group2".
	csv := fmt.Sprintf("%s,admin,admin,\"system:masters\"\n", a.token)
	if err := os.WriteFile(a.tokenFile, []byte(csv), 0o600); err != nil {
		return nil, err
	}
	return a, clientcmd.WriteToFile(a.kubeconfig(), a.kubeconfigFile)
}

func (a *admin) kubeconfig() clientcmdapi.Config {
	const name = "testcluster"
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[name] = &clientcmdapi.Cluster{Server: a.server, CertificateAuthorityData: a.caPEM}
	cfg.AuthInfos[name] = &clientcmdapi.AuthInfo{Token: a.token}
	cfg.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name, Namespace: "default"}
	cfg.CurrentContext = name
	return *cfg
}

// restConfig is for the launcher's own clients (readiness, simulator).
func (a *admin) restConfig() *rest.Config {
	return &rest.Config{
		Host:            a.server,
		BearerToken:     a.token,
		TLSClientConfig: rest.TLSClientConfig{CAData: a.caPEM},
		// client-go's default (5 QPS) would throttle the simulator with a few
		// dozen pods; the apiserver here serves only tests.
		QPS:   200,
		Burst: 400,
	}
}
