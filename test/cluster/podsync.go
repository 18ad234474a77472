package main

import (
	"context"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"
)

// sync moves one pod a step on, and says when to look at it again.
func (s *simulator) sync(ctx context.Context, key string) (time.Duration, error) {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return 0, nil
	}
	pod, err := s.pods.Pods(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	switch {
	case pod.DeletionTimestamp != nil:
		return 0, ignoreNotFound(s.finishDeleted(ctx, pod))
	case pod.Spec.NodeName == "" && len(pod.Spec.SchedulingGates) == 0:
		if message := s.track(pod).spec.unschedulable; message != "" {
			_, _, err := s.updateStatus(ctx, pod, func(current *v1.Pod, now time.Time) *v1.PodStatus {
				return unschedulableStatus(current, message, now)
			})
			return 0, ignoreNotFound(err)
		}
		return 0, ignoreNotFound(s.bind(ctx, pod))
	case pod.Spec.NodeName != nodeName:
		return 0, nil
	}
	return s.advance(ctx, pod)
}

// unschedulableStatus is what a scheduler writes of a pod no node can take:
// Pending, PodScheduled=False with reason Unschedulable; nil once written.
func unschedulableStatus(pod *v1.Pod, message string, now time.Time) *v1.PodStatus {
	for _, c := range pod.Status.Conditions {
		if c.Type == v1.PodScheduled && c.Reason == v1.PodReasonUnschedulable {
			return nil
		}
	}
	status := pod.Status.DeepCopy()
	status.Phase = v1.PodPending
	status.Conditions = append(status.Conditions, v1.PodCondition{
		Type:               v1.PodScheduled,
		Status:             v1.ConditionFalse,
		Reason:             v1.PodReasonUnschedulable,
		Message:            message,
		LastTransitionTime: metav1.NewTime(now),
	})
	return status
}

// bind does the scheduler's job: there is only one node.
func (s *simulator) bind(ctx context.Context, pod *v1.Pod) error {
	binding := &v1.Binding{
		ObjectMeta: metav1.ObjectMeta{Name: pod.Name, Namespace: pod.Namespace, UID: pod.UID},
		Target:     v1.ObjectReference{Kind: "Node", Name: nodeName},
	}
	err := s.client.CoreV1().Pods(pod.Namespace).Bind(ctx, binding, metav1.CreateOptions{})
	if apierrors.IsConflict(err) {
		return nil // already bound: a stale cache
	}
	return err
}

// advance writes the pod's next status, if it is due.
func (s *simulator) advance(ctx context.Context, pod *v1.Pod) (time.Duration, error) {
	track := s.track(pod)
	var after time.Duration
	written, at, err := s.updateStatus(ctx, pod, func(current *v1.Pod, now time.Time) (status *v1.PodStatus) {
		status, after = nextStatus(current, track.spec, s.since(current, track), now)
		return status
	})
	if written != nil {
		s.markStage(track, podStage(&v1.Pod{Status: *written}), at)
		s.log.Info("pod status", "pod", pod.Namespace+"/"+pod.Name, "phase", written.Phase)
	}
	return after, ignoreNotFound(err)
}

// finishDeleted does what a kubelet does for a pod being deleted: it stops
// the containers, reports the pod Failed, and removes it for good with a
// zero grace period. Without this nothing ever finishes deleting a bound
// pod, so suspended, deleted and deadline-exceeded Jobs would never settle.
// The Job controller's finalizer (batch.kubernetes.io/job-tracking) may keep
// the object a little longer; the controller removes it once counted.
func (s *simulator) finishDeleted(ctx context.Context, pod *v1.Pod) error {
	written, _, err := s.updateStatus(ctx, pod, func(current *v1.Pod, now time.Time) *v1.PodStatus {
		if podStage(current) == stageFinished {
			return nil
		}
		return killedStatus(current, now)
	})
	if err != nil {
		return err
	}
	if written != nil {
		s.log.Info("pod killed", "pod", pod.Namespace+"/"+pod.Name)
	}
	if ptr.Deref(pod.DeletionGracePeriodSeconds, -1) == 0 {
		return nil // already force-deleted; waiting for finalizers
	}
	err = s.client.CoreV1().Pods(pod.Namespace).Delete(ctx, pod.Name, metav1.DeleteOptions{
		GracePeriodSeconds: ptr.To[int64](0),
		Preconditions:      metav1.NewUIDPreconditions(string(pod.UID)),
	})
	if apierrors.IsConflict(err) {
		return nil // the UID differs: that pod is gone, a new one has its name
	}
	return err
}

// updateStatus writes the status next computes from the pod, first from the
// cached pod and, after a conflict, from a fresh read. next returns nil when
// nothing is to be written, which is also how finished pods stay untouched.
// It returns the status written, if any, and the time it was computed for.
func (s *simulator) updateStatus(ctx context.Context, pod *v1.Pod, next func(*v1.Pod, time.Time) *v1.PodStatus) (*v1.PodStatus, time.Time, error) {
	var written *v1.PodStatus
	var at time.Time
	current := pod
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		if current == nil {
			fresh, err := s.client.CoreV1().Pods(pod.Namespace).Get(ctx, pod.Name, metav1.GetOptions{})
			if err != nil {
				return err
			}
			if fresh.UID != pod.UID {
				return nil // a new pod of the same name; its own events handle it
			}
			current = fresh
		}
		now := time.Now()
		status := next(current, now)
		if status == nil {
			return nil
		}
		updated := current.DeepCopy()
		updated.Status = *status
		_, err := s.client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{})
		if err == nil {
			written, at = status, now
		}
		current = nil
		return err
	})
	return written, at, err
}

func ignoreNotFound(err error) error {
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}
