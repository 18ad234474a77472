package main

import "net"

// freePorts asks the kernel for n distinct free loopback ports. All listeners
// stay open until every port is chosen, so the n ports differ; another
// process could still take one before our child binds it, which on a test
// machine is rare enough to accept (the start then fails with a clear log).
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
