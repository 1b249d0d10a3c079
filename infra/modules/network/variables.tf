variable "name" {
  description = "Name prefix for the VPC and its resources."
  type        = string
}

variable "cidr" {
  description = "VPC CIDR block; /16 or larger, carved into /20 private and /24 public and database subnets."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr, 0)) && tonumber(split("/", var.cidr)[1]) <= 16
    error_message = "cidr must be a valid IPv4 CIDR block of /16 or larger."
  }
}

variable "azs" {
  description = "Three availability zones. Pin them in production: if left empty, the first three zones available at plan time are used, and an impaired zone would reshuffle the subnets."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.azs) == 0 || length(var.azs) == 3
    error_message = "azs must be empty or list exactly three zones."
  }
}

variable "cluster_name" {
  description = "EKS cluster name, used to tag subnets for load balancer discovery."
  type        = string
}

variable "single_nat_gateway" {
  description = "One shared NAT gateway instead of one per AZ (cheaper, but an AZ outage cuts egress)."
  type        = bool
  default     = false
}

variable "flow_log_retention_days" {
  description = "Retention of VPC flow logs in CloudWatch Logs."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags applied to all resources."
  type        = map(string)
  default     = {}
}
