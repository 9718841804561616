package session

import "sort"

func sortByCreated(ws []WorkshopMeta) {
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].Created.Before(ws[j].Created) })
}
