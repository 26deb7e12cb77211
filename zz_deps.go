//go:build deps

// Package ossupload pins dependencies until their importers land. Removed at the end of the session.
package ossupload

import (
	_ "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	_ "github.com/alibabacloud-go/sts-20150401/v2/client"
	_ "github.com/alibabacloud-go/tea/tea"
	_ "github.com/aliyun/aliyun-oss-go-sdk/oss"
	_ "github.com/hack-pad/go-indexeddb/idb"
	_ "golang.org/x/time/rate"
)
