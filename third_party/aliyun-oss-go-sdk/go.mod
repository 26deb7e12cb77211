module github.com/aliyun/aliyun-oss-go-sdk

go 1.18

require golang.org/x/time v0.16.0
