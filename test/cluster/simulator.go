package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

const (
	nodeName   = "sim-node"
	simWorkers = 8
)

// simulator stands in for a kubelet: it binds every pod to sim-node and
// drives it through Pending, Running and Succeeded/Failed as its SIM_*
// variables say. Kubernetes only ever sees the results through the API.
type simulator struct {
	client  kubernetes.Interface
	factory informers.SharedInformerFactory
	pods    corelisters.PodLister
	queue   workqueue.TypedRateLimitingInterface[string]
	log     *slog.Logger
	mu      sync.Mutex
	tracked map[types.UID]*podTrack
}

// podTrack is in-memory knowledge about a pod: its parsed spec, and the exact
// times we moved it into each stage (the API keeps only whole seconds, which
// would cut sub-second delays short). After a restart the times come from the
// pod's status instead.
type podTrack struct {
	spec  simSpec
	began map[stage]time.Time
}

func newSimulator(client kubernetes.Interface, log *slog.Logger) *simulator {
	factory := informers.NewSharedInformerFactory(client, 0)
	s := &simulator{
		client:  client,
		factory: factory,
		pods:    factory.Core().V1().Pods().Lister(),
		log:     log,
		tracked: map[types.UID]*podTrack{},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(
			workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "pods"}),
	}
	_, _ = factory.Core().V1().Pods().Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    s.enqueue,
		UpdateFunc: func(_, obj any) { s.enqueue(obj) },
		DeleteFunc: s.forget,
	})
	return s
}

// run watches pods and drives them until ctx ends.
func (s *simulator) run(ctx context.Context) {
	s.factory.Start(ctx.Done())
	defer s.factory.Shutdown()
	if !cache.WaitForCacheSync(ctx.Done(), s.factory.Core().V1().Pods().Informer().HasSynced) {
		return
	}

	var wg sync.WaitGroup
	for range simWorkers {
		wg.Go(func() {
			for s.processNext(ctx) {
			}
		})
	}
	<-ctx.Done()
	s.queue.ShutDown()
	wg.Wait()
}

func (s *simulator) enqueue(obj any) {
	if key, err := cache.MetaNamespaceKeyFunc(obj); err == nil {
		s.queue.Add(key)
	}
}

// forget drops what we know about a deleted pod. Its pending timers stay in
// the queue, but they find no pod and do nothing.
func (s *simulator) forget(obj any) {
	if tomb, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tomb.Obj
	}
	if pod, ok := obj.(*v1.Pod); ok {
		s.mu.Lock()
		delete(s.tracked, pod.UID)
		s.mu.Unlock()
	}
}

func (s *simulator) processNext(ctx context.Context) bool {
	key, shutdown := s.queue.Get()
	if shutdown {
		return false
	}
	defer s.queue.Done(key)
	after, err := s.sync(ctx, key)
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.Warn("pod sync failed; retrying", "pod", key, "err", err)
		s.queue.AddRateLimited(key)
	case after > 0:
		s.queue.Forget(key)
		s.queue.AddAfter(key, after)
	default:
		s.queue.Forget(key)
	}
	return true
}

// track returns the pod's in-memory record, creating it on first sight.
func (s *simulator) track(pod *v1.Pod) *podTrack {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tracked[pod.UID]; ok {
		return t
	}
	spec, warnings := parseSimSpec(pod)
	for _, w := range warnings {
		s.log.Warn("bad SIM_* value", "pod", pod.Namespace+"/"+pod.Name, "problem", w)
	}
	t := &podTrack{spec: spec, began: map[stage]time.Time{}}
	s.tracked[pod.UID] = t
	return t
}

// since is when the pod entered its current stage.
func (s *simulator) since(pod *v1.Pod, t *podTrack) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if at, ok := t.began[podStage(pod)]; ok {
		return at
	}
	return stageStart(pod)
}

func (s *simulator) markStage(t *podTrack, st stage, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t.began[st] = at
}
