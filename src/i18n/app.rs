//! Labels of the app part of the page.

pub struct AppTexts {
    pub title: &'static str,
    pub tagline: &'static str,
}

pub const EN: AppTexts = AppTexts {
    title: "Lambda Async Lab",
    tagline: "Watch AWS Lambda's asynchronous invocation: the queue, the retries, the dead-letter queue.",
};

pub const KO: AppTexts = AppTexts {
    title: "Lambda 비동기 호출 실험실",
    tagline: "AWS Lambda 비동기식 호출을 눈으로 봅니다: 내부 이벤트 대기열, 재시도, 데드 레터 큐.",
};
