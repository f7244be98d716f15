fn main() {
    lambda_async_lab::start();
}
