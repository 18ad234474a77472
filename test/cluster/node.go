package main

import (
	"context"
	"log/slog"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// nodeRefresh is how often sim-node's status is written again. Nothing here
// watches heartbeats (no node-lifecycle controller runs), but a fresh
// heartbeat keeps the node looking alive to anything that checks, and the
// loop recreates the node should a test delete it.
const nodeRefresh = 20 * time.Second

// keepNode registers sim-node and keeps it Ready until ctx ends.
// Errors are logged and retried; readiness waits for the node to be Ready.
func keepNode(ctx context.Context, client kubernetes.Interface, logPort int32, log *slog.Logger) {
	for {
		if err := syncNode(ctx, client, logPort); err != nil && ctx.Err() == nil {
			log.Warn("cannot update node "+nodeName, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(nodeRefresh):
		}
	}
}

func syncNode(ctx context.Context, client kubernetes.Interface, logPort int32) error {
	nodes := client.CoreV1().Nodes()
	node, err := nodes.Get(ctx, nodeName, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		node, err = nodes.Create(ctx, &v1.Node{ObjectMeta: metav1.ObjectMeta{
			Name:   nodeName,
			Labels: map[string]string{"kubernetes.io/hostname": nodeName, "kubernetes.io/os": "linux"},
		}}, metav1.CreateOptions{})
	}
	if err != nil {
		return err
	}
	// The TaintNodesByCondition admission plugin taints every new node
	// not-ready; the node-lifecycle controller would lift it, but does not run.
	if len(node.Spec.Taints) > 0 {
		node.Spec.Taints = nil
		if node, err = nodes.Update(ctx, node, metav1.UpdateOptions{}); err != nil {
			return err
		}
	}
	node.Status = nodeStatus(logPort, node.CreationTimestamp, time.Now())
	_, err = nodes.UpdateStatus(ctx, node, metav1.UpdateOptions{})
	return err
}

func nodeStatus(logPort int32, created metav1.Time, now time.Time) v1.NodeStatus {
	resources := v1.ResourceList{
		v1.ResourceCPU:              resource.MustParse("64"),
		v1.ResourceMemory:           resource.MustParse("256Gi"),
		v1.ResourcePods:             resource.MustParse("1000"),
		v1.ResourceEphemeralStorage: resource.MustParse("1Ti"),
		"nvidia.com/gpu":            resource.MustParse("8"),
	}
	condition := func(t v1.NodeConditionType, s v1.ConditionStatus, reason string) v1.NodeCondition {
		return v1.NodeCondition{
			Type: t, Status: s, Reason: reason,
			LastHeartbeatTime: metav1.NewTime(now), LastTransitionTime: created,
		}
	}
	return v1.NodeStatus{
		Capacity:    resources,
		Allocatable: resources,
		Phase:       v1.NodeRunning,
		Conditions: []v1.NodeCondition{
			condition(v1.NodeReady, v1.ConditionTrue, "KubeletReady"),
			condition(v1.NodeMemoryPressure, v1.ConditionFalse, "KubeletHasSufficientMemory"),
			condition(v1.NodeDiskPressure, v1.ConditionFalse, "KubeletHasNoDiskPressure"),
			condition(v1.NodePIDPressure, v1.ConditionFalse, "KubeletHasSufficientPID"),
		},
		Addresses: []v1.NodeAddress{{Type: v1.NodeInternalIP, Address: simIP}},
		// The apiserver fetches pod logs from this port (see logserver.go).
		DaemonEndpoints: v1.NodeDaemonEndpoints{KubeletEndpoint: v1.DaemonEndpoint{Port: logPort}},
		NodeInfo: v1.NodeSystemInfo{
			OperatingSystem: "linux", Architecture: "amd64",
			KubeletVersion: "v1.37.2-sim", ContainerRuntimeVersion: "sim://1",
		},
	}
}
