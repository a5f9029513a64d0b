// cdktf's jest matchers (toHaveResourceWithProperties, ...) for every test file.
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";

Testing.setupJest();
